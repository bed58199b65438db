"""Messages of the admin page's backup tab and of the backup service's refusals."""

MESSAGES = {
    "backup.title": ("Sikkerhetskopi", "Backup"),
    "backup.help": (
        "Lager en konsistent kopi av hele databasen mens appen er i bruk (SQLite: backup-API-et; "
        "PostgreSQL: pg_dump), sjekker den og lagrer den på serveren under {directory}. "
        "Gjenopprett med `python -m osloreg restore <fil>` (se README).",
        "Makes a consistent copy of the whole database while the app is in use (SQLite: the backup "
        "API; PostgreSQL: pg_dump), checks it and keeps it on the server under {directory}. "
        "Restore with `python -m osloreg restore <file>` (see the README).",
    ),
    "backup.make": ("Lag sikkerhetskopi", "Make a backup"),
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
        "Kopien besto ikke sjekken: {integrity}. Ikke bruk den; prøv igjen eller kontakt drift.",
        "The copy failed its check: {integrity}. Do not use it; try again or contact operations.",
    ),
    "backup.download": ("Last ned sikkerhetskopien", "Download the backup"),
    "error.backup_failed": (
        "Sikkerhetskopien kunne ikke lages: {reason}",
        "The backup could not be made: {reason}",
    ),
}
