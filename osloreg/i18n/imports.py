"""Messages of imports (the admin page's Import tab, the import command): columns, help and errors."""

# (kind, column) -> (header nb, header en, help nb, help en). The headers are also what an upload
# may name its columns (either language, or the code name).
_COLUMNS: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("units", "kind"): (
        "Type",
        "Kind",
        "Kommune, delregion eller fylkeskommune.",
        "Municipality, sub-region or county.",
    ),
    ("units", "name"): (
        "Navn",
        "Name",
        "Enhetens navn, unikt per type.",
        "The unit's name, unique per kind.",
    ),
    ("units", "county_level"): (
        "Fylkesnivå",
        "County level",
        "Ja for en kommune som også har fylkeskommunale oppgaver (Oslo); ellers nei.",
        "Yes for a municipality that also has the tasks of a county council (Oslo); otherwise no.",
    ),
    ("units", "is_member"): (
        "Medlem",
        "Member",
        "Ja om enheten er medlem av Osloregionen (standard: ja).",
        "Yes if the unit is a member of Osloregionen (default: yes).",
    ),
    ("units", "valid_from"): ("Gyldig fra", "Valid from", "Dato (dd.mm.åååå).", "Date (dd.mm.yyyy)."),
    ("units", "valid_to"): (
        "Gyldig til",
        "Valid to",
        "Dato; tom om enheten finnes fortsatt.",
        "Date; blank if the unit still exists.",
    ),
    ("units", "sub_regions"): (
        "Delregioner",
        "Sub-regions",
        "For en kommune: delregionene den hører til, skilt med semikolon; fra registeret eller "
        "tidligere i filen.",
        "For a municipality: the sub-regions it belongs to, separated by semicolons; from the register or "
        "earlier in the file.",
    ),
    ("units", "note"): ("Merknad", "Note", "Fritekst.", "Free text."),
    ("persons", "name"): ("Navn", "Name", "Personens fulle navn.", "The person's full name."),
    ("persons", "email"): ("E-post", "E-mail", "E-postadresse.", "E-mail address."),
    ("persons", "employer"): (
        "Arbeidsgiver",
        "Employer",
        "Kommune, fylkeskommune eller annen arbeidsgiver.",
        "Municipality, county or other employer.",
    ),
    ("persons", "title"): ("Stilling", "Job title", "Stillingstittel.", "Job title."),
    ("memberships", "body"): (
        "Organ",
        "Body",
        "Organets navn eller kortnavn, slik det står i registeret.",
        "The body's name or short name, as in the register.",
    ),
    ("memberships", "person"): (
        "Person",
        "Person",
        "Personens navn eller e-postadresse (e-post når to har samme navn).",
        "The person's name or e-mail address (the address when two share a name).",
    ),
    ("memberships", "role"): (
        "Rolle",
        "Role",
        "Standard: medlem. En ny leder eller nestleder tar over rollen.",
        "Default: member. A new leader or deputy takes over the role.",
    ),
    ("memberships", "represents"): (
        "Representerer",
        "Represents",
        "Enheten personen representerer; den må være gyldig på startdatoen.",
        "The unit the person represents; it must be valid on the start date.",
    ),
    ("memberships", "start_on"): ("Fra", "From", "Startdato (dd.mm.åååå).", "Start date (dd.mm.yyyy)."),
    ("memberships", "end_on"): ("Til", "To", "Sluttdato; tom for løpende.", "End date; blank while running."),
    ("memberships", "note"): ("Merknad", "Note", "Fritekst.", "Free text."),
    ("projects", "title"): ("Tittel", "Title", "Prosjektets tittel, unik.", "The project's title, unique."),
    ("projects", "description"): ("Beskrivelse", "Description", "Fritekst.", "Free text."),
    ("projects", "body"): (
        "Organ",
        "Body",
        "Gruppen som følger prosjektet.",
        "The group that follows the project.",
    ),
    ("projects", "owner"): (
        "Eier",
        "Owner",
        "Prosjekteier: navn eller e-post.",
        "Project owner: name or e-mail.",
    ),
    ("projects", "status"): (
        "Status",
        "Status",
        "Et nytt prosjekt er idé eller planlagt (standard: idé).",
        "A new project is an idea or planned (default: idea).",
    ),
    ("projects", "start_on"): ("Start", "Start", "Dato (dd.mm.åååå).", "Date (dd.mm.yyyy)."),
    ("projects", "end_on"): ("Slutt", "End", "Dato; ikke før start.", "Date; not before the start."),
    ("projects", "progress"): (
        "Fremdrift",
        "Progress",
        "Helt tall 0–100 (prosent).",
        "Whole number 0–100 (per cent).",
    ),
    ("projects", "partners"): (
        "Partnere",
        "Partners",
        "Enheter som deltar, skilt med semikolon.",
        "Units taking part, separated by semicolons.",
    ),
    ("projects", "outside_partners"): ("Eksterne partnere", "Outside partners", "Fritekst.", "Free text."),
    ("meetings", "body"): (
        "Organ",
        "Body",
        "Organets navn eller kortnavn.",
        "The body's name or short name.",
    ),
    ("meetings", "starts_at"): (
        "Start",
        "Start",
        "Dato og klokkeslett (dd.mm.åååå tt:mm).",
        "Date and time (dd.mm.yyyy hh:mm).",
    ),
    ("meetings", "ends_at"): (
        "Slutt",
        "End",
        "Dato og klokkeslett; standard to timer etter start.",
        "Date and time; default two hours after the start.",
    ),
    ("meetings", "place"): ("Sted", "Place", "Møtested.", "Where it meets."),
    ("meetings", "title"): ("Tittel", "Title", "Valgfri tittel.", "Optional title."),
    ("meetings", "status"): (
        "Status",
        "Status",
        "Standard: planlagt. Avholdt bare for møter som har vært.",
        "Default: planned. Held only for meetings that have taken place.",
    ),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "import.intro": (
        "Last opp en CSV- eller Excel-fil med én rad per post. Alt eller ingenting: filen importeres bare "
        "når hver rad er gyldig, og da i én operasjon. Høyst {max} MB.",
        "Upload a CSV or Excel file with one row per record. All or nothing: the file is imported only when "
        "every row is valid, and then in one go. At most {max} MB.",
    ),
    "import.kind": ("Hva vil du importere?", "What do you want to import?"),
    "import.kind.units": ("Enheter", "Units"),
    "import.kind.persons": ("Personer", "Persons"),
    "import.kind.memberships": ("Medlemskap", "Memberships"),
    "import.kind.projects": ("Prosjekter", "Projects"),
    "import.kind.meetings": ("Møter", "Meetings"),
    "import.template": ("Mal og kolonner", "Template and columns"),
    "import.template_help": (
        "Malen har kolonnene og en eksempelrad. Overskrifter på norsk eller engelsk godtas. Datoer som "
        "dd.mm.åååå eller åååå-mm-dd.",
        "The template has the columns and an example row. Headers in Norwegian or English are accepted. "
        "Dates as dd.mm.yyyy or yyyy-mm-dd.",
    ),
    "import.template_file": ("importmal-{kind}", "import-template-{kind}"),
    "import.template_sheet": ("Data", "Data"),
    "import.columns_sheet": ("Kolonner", "Columns"),
    "import.help.column": ("Kolonne", "Column"),
    "import.help.required": ("Påkrevd", "Required"),
    "import.help.description": ("Beskrivelse", "Description"),
    "import.help.values": ("Verdier: {values}.", "Values: {values}."),
    "import.yes": ("ja", "yes"),
    "import.no": ("nei", "no"),
    "import.required": ("påkrevd", "required"),
    "import.optional": ("valgfri", "optional"),
    "import.upload": ("Fil (CSV eller Excel)", "File (CSV or Excel)"),
    "import.checking": ("Kontrollerer rad {done} av {total} …", "Checking row {done} of {total} …"),
    "import.writing": ("Importerer rad {done} av {total} …", "Importing row {done} of {total} …"),
    "import.preview": ("Forhåndsvisning (de første {count} radene)", "Preview (the first {count} rows)"),
    "import.row": ("Rad", "Row"),
    "import.errors.column": ("Kolonne", "Column"),
    "import.errors.message": ("Feil", "Error"),
    "import.errors": (
        "{count} feil i filen. Ingenting er importert. Rett radene under og last opp filen på nytt.",
        "{count} errors in the file. Nothing was imported. Fix the rows below and upload the file again.",
    ),
    "import.errors_file": ("importfeil", "import-errors"),
    "import.errors_download": ("Last ned feillisten (CSV)", "Download the list of errors (CSV)"),
    "import.ready": ("Alle {count} radene er gyldige.", "All {count} rows are valid."),
    "import.button": ("Importer {count} rader", "Import {count} rows"),
    "import.done": (
        "Importerte {count} rader ({kind}) fra {file}.",
        "Imported {count} rows ({kind}) from {file}.",
    ),
    "import.failed": (
        "Databasen avviste importen underveis. Ingenting er importert; prøv igjen, eller kontakt driften.",
        "The database refused the import partway through. Nothing was imported; try again, or contact "
        "operations.",
    ),
    "import.unit_kind.municipality": ("kommune", "municipality"),
    "import.unit_kind.sub_region": ("delregion", "sub-region"),
    "import.unit_kind.county": ("fylkeskommune", "county"),
    # Errors of the file as a whole
    "import.error.too_large": ("Filen er større enn {max} MB.", "The file is larger than {max} MB."),
    "import.error.empty": ("Filen er tom.", "The file is empty."),
    "import.error.old_xls": (
        "Dette er det gamle Excel-formatet (.xls). Lagre filen som Excel-arbeidsbok (.xlsx) eller CSV.",
        "This is the old Excel format (.xls). Save the file as an Excel workbook (.xlsx) or CSV.",
    ),
    "import.error.binary": (
        "Filen er verken CSV eller Excel (den ser ut som {what}). Last opp en .csv- eller .xlsx-fil.",
        "The file is neither CSV nor Excel (it looks like {what}). Upload a .csv or .xlsx file.",
    ),
    "import.error.utf16": (
        "Filen er lagret som Unicode-tekst (UTF-16). Lagre den som «CSV UTF-8» og last opp igjen.",
        "The file is saved as Unicode text (UTF-16). Save it as “CSV UTF-8” and upload it again.",
    ),
    "import.error.encoding": (
        "Rad {row} er ikke gyldig UTF-8, og filen kan heller ikke leses som Windows-1252 (den blander "
        "tegnsett, eller har tegn ingen av dem har). Ingenting er lest inn. Lagre hele filen som "
        "«CSV UTF-8» og last den opp på nytt.",
        "Row {row} is not valid UTF-8, and the file cannot be read as Windows-1252 either (it mixes "
        "character sets, or has characters neither has). Nothing was read. Save the whole file as "
        "“CSV UTF-8” and upload it again.",
    ),
    "import.error.csv_broken": (
        "CSV-filen kan ikke leses: {reason}.",
        "The CSV file cannot be read: {reason}.",
    ),
    "import.error.too_many_columns": (
        "Filen har flere kolonner enn de {max} denne importen kan ha. Bruk overskriftene i malen, og "
        "slett andre kolonner.",
        "The file has more columns than the {max} this import can have. Use the template's headers and "
        "delete any other columns.",
    ),
    "import.error.cell_outside": (
        "Rad {row} har en verdi i kolonne {column}, utenfor de {max} kolonnene denne importen kan ha. "
        "Slett det som står utenfor tabellen, og last opp filen på nytt.",
        "Row {row} has a value in column {column}, outside the {max} columns this import can have. "
        "Delete what stands outside the table and upload the file again.",
    ),
    "import.error.row_too_wide": (
        "Rad {row} har {count} celler; denne importen har høyst {max} kolonner. Slett de tomme kolonnene "
        "til høyre i regnearket (eller kopier bare tabellen til et nytt ark) og lagre filen på nytt.",
        "Row {row} has {count} cells; this import has at most {max} columns. Delete the empty columns to "
        "the right in the spreadsheet (or copy just the table to a new sheet) and save the file again.",
    ),
    "import.error.xlsx_too_many_cells": (
        "Excel-filen har flere enn {max} celler og elementer; det er mer enn en tabell som kan importeres. "
        "Kopier bare tabellen til en ny arbeidsbok og last den opp.",
        "The Excel file has more than {max} cells and elements; more than a table that can be imported. "
        "Copy just the table to a new workbook and upload that.",
    ),
    "import.error.cell_too_long": (
        "En celle i Excel-filen har mer enn {max} tegn, mer enn Excel selv tillater. Filen er ikke laget "
        "av Excel eller er skadet; lagre tabellen på nytt i Excel.",
        "A cell in the Excel file has more than {max} characters, more than Excel itself allows. The file "
        "was not made by Excel or is damaged; save the table again in Excel.",
    ),
    "import.error.xlsx_links": (
        "Excel-filen henter verdier fra andre filer (eksterne koblinger). Lagre en kopi med bare "
        "verdiene (Lim inn utvalg → Verdier) og last den opp.",
        "The Excel file takes values from other files (external links). Save a copy with values only "
        "(Paste Special → Values) and upload that.",
    ),
    "import.error.zip_not_xlsx": (
        "Filen er et ZIP-arkiv, men ingen Excel-arbeidsbok (.xlsx).",
        "The file is a ZIP archive, but not an Excel workbook (.xlsx).",
    ),
    "import.error.xlsx_broken": (
        "Excel-filen er skadet eller kan ikke leses. Åpne og lagre den på nytt i Excel.",
        "The Excel file is damaged or cannot be read. Open and save it again in Excel.",
    ),
    "import.error.header_not_first": (
        "Første rad må være overskriftene (kolonnenavnene).",
        "The first row must hold the headers (the column names).",
    ),
    "import.error.blank_header": ("Kolonne {column} har ingen overskrift.", "Column {column} has no header."),
    "import.error.too_many_rows": ("Filen har flere enn {max} rader.", "The file has more than {max} rows."),
    "import.error.unknown_columns": (
        "Ukjente kolonner: {columns}. Bruk overskriftene i malen.",
        "Unknown columns: {columns}. Use the template's headers.",
    ),
    "import.error.doubled_columns": (
        "Kolonner som står to ganger: {columns}.",
        "Columns given twice: {columns}.",
    ),
    "import.error.missing_columns": (
        "Påkrevde kolonner mangler: {columns}.",
        "Required columns are missing: {columns}.",
    ),
    "import.error.no_rows": (
        "Filen har ingen rader under overskriftene.",
        "The file has no rows below the headers.",
    ),
    # Errors of a row or a cell
    "import.error.refused": (
        "{count} feil i filen; ingenting er importert.",
        "{count} errors in the file; nothing was imported.",
    ),
    "import.error.date": (
        "«{value}» er ingen dato; skriv dd.mm.åååå (eller åååå-mm-dd).",
        "“{value}” is not a date; write dd.mm.yyyy (or yyyy-mm-dd).",
    ),
    "import.error.datetime": (
        "«{value}» er ikke dato og klokkeslett; skriv dd.mm.åååå tt:mm.",
        "“{value}” is not a date and time; write dd.mm.yyyy hh:mm.",
    ),
    "import.error.bool": ("«{value}»: skriv ja eller nei.", "“{value}”: write yes or no."),
    "import.error.int": ("«{value}» er ikke et helt tall.", "“{value}” is not a whole number."),
    "import.error.enum": (
        "Ukjent verdi «{value}»; bruk en av: {allowed}.",
        "Unknown value “{value}”; use one of: {allowed}.",
    ),
    "import.error.extra_cells": (
        "Raden har {count} celler utenfor kolonnene.",
        "The row has {count} cells outside the columns.",
    ),
    "import.error.not_found": (
        "Fant ikke «{value}» i registeret; sjekk skrivemåten.",
        "“{value}” is not in the register; check the spelling.",
    ),
    "import.error.ambiguous": (
        "«{value}» passer på {count} poster; skriv det fulle navnet (eller e-postadressen).",
        "“{value}” matches {count} records; give the full name (or the e-mail address).",
    ),
    "import.error.duplicate_in_file": (
        "Står allerede i filen (rad {row}).",
        "Already in the file (row {row}).",
    ),
    "import.error.duplicate_in_database": ("Finnes allerede i registeret.", "Already in the register."),
    "import.error.held_in_future": (
        "Et møte som ikke er holdt ennå, kan ikke ha status avholdt.",
        "A meeting that has not taken place yet cannot have the status held.",
    ),
    "field.sub_regions": ("Delregioner", "Sub-regions"),
    "field.body": ("Organ", "Body"),
    "field.person": ("Person", "Person"),
    "field.represents": ("Representerer", "Represents"),
    "field.partners": ("Partnere", "Partners"),
    "field.owner": ("Eier", "Owner"),
}

for (_kind, _column), (_nb, _en, _help_nb, _help_en) in _COLUMNS.items():
    MESSAGES[f"import.col.{_kind}.{_column}"] = (_nb, _en)
    MESSAGES[f"import.help.{_kind}.{_column}"] = (_help_nb, _help_en)

# The audit trail's words for an import (one event per file, action import.<kind>).
MESSAGES.update(
    {
        "audit.import.units": ("Enheter importert", "Units imported"),
        "audit.import.persons": ("Personer importert", "Persons imported"),
        "audit.import.memberships": ("Medlemskap importert", "Memberships imported"),
        "audit.import.projects": ("Prosjekter importert", "Projects imported"),
        "audit.import.meetings": ("Møter importert", "Meetings imported"),
    }
)
