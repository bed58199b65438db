"""Messages of the admin page's backup tab and of the backup service's refusals."""

MESSAGES = {
    "backup.title": ("Sikkerhetskopi", "Backup"),
    "backup.help": (
        "Lager en konsistent kopi av hele databasen mens appen er i bruk (SQLite: backup-API-et; "
        "PostgreSQL: pg_dump), sjekker den og lagrer den på serveren i mappen {directory}. Kopien "
        "lastes ikke ned i nettleseren: den inneholder alt, også passord-hashene, og Streamlit ville "
        "lagt en nedlasting på en adresse som ikke krever innlogging. Hent den fra serveren som vist "
        "under.",
        "Makes a consistent copy of the whole database while the app is in use (SQLite: the backup "
        "API; PostgreSQL: pg_dump), checks it and keeps it on the server in the folder {directory}. "
        "The copy is not downloaded in the browser: it holds everything, password hashes included, "
        "and Streamlit would put a download at an address that needs no login. Fetch it from the "
        "server as shown below.",
    ),
    "backup.make": ("Lag sikkerhetskopi på serveren", "Make a backup on the server"),
    "backup.made": ("Sikkerhetskopien {file} er laget.", "The backup {file} was made."),
    "backup.size": ("Størrelse", "Size"),
    "backup.integrity": ("Integritet", "Integrity"),
    "backup.integrity_ok": ("i orden", "ok"),
    "backup.seconds": ("Tid brukt", "Time taken"),
    "backup.seconds_value": ("{seconds} s", "{seconds} s"),
    "backup.megabytes": ("{size} MB", "{size} MB"),
    "backup.details": (
        "Laget {made_at}; {tables} tabeller, {rows} rader; sjekket med {check}.",
        "Made {made_at}; {tables} tables, {rows} rows; checked with {check}.",
    ),
    "backup.failed_check": (
        "Kopien besto ikke sjekken: {integrity}. Ikke bruk den; prøv igjen eller kontakt driften.",
        "The copy failed its check: {integrity}. Do not use it; try again or contact operations.",
    ),
    "backup.list.title": ("Sikkerhetskopier på serveren", "Backups on the server"),
    "backup.list.none": (
        "Det er ingen sikkerhetskopier i mappen ennå.",
        "There are no backups in the folder yet.",
    ),
    "backup.list.name": ("Fil", "File"),
    "backup.list.made": ("Laget", "Made"),
    "backup.list.size": ("Størrelse", "Size"),
    "backup.list.more": (
        "Viser de {shown} nyeste av {total}; alle ligger i mappen.",
        "Showing the {shown} newest of {total}; all of them are in the folder.",
    ),
    "backup.commands.help": (
        "Slik kopierer du den nyeste til en annen maskin og gjenoppretter den (se README, «Backup and "
        "restore»):",
        "How to copy the newest to another machine and restore it (see the README, “Backup and restore”):",
    ),
    "backup.commands": (
        "# Kopier filen fra serveren (kjøres på maskinen som skal ha kopien):\n"
        "scp <server>:{path} .\n"
        "# Gjenopprett i en ny, tom database:\n"
        "python -m osloreg restore {path} --database-url <ny database>\n"
        "# Eller lag en sikkerhetskopi fra kommandolinjen på serveren:\n"
        "python -m osloreg backup",
        "# Copy the file from the server (run on the machine that is to hold the copy):\n"
        "scp <server>:{path} .\n"
        "# Restore into a new, empty database:\n"
        "python -m osloreg restore {path} --database-url <new database>\n"
        "# Or make a backup from the command line on the server:\n"
        "python -m osloreg backup",
    ),
    "error.backup_failed": (
        "Sikkerhetskopien kunne ikke lages: {reason}",
        "The backup could not be made: {reason}",
    ),
}
