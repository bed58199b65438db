"""Messages of the app shell: login, navigation, sidebar, errors shared by every page."""

MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("Osloregionen", "Osloregionen"),
    "login.title": ("Logg inn", "Log in"),
    "login.username": ("Brukernavn", "Username"),
    "login.password": ("Passord", "Password"),
    "login.submit": ("Logg inn", "Log in"),
    "login.failed": ("Feil brukernavn eller passord.", "Wrong username or password."),
    "login.throttled": (
        "For mange mislykkede innloggingsforsøk. Vent {wait} og prøv igjen.",
        "Too many failed login attempts. Wait {wait} and try again.",
    ),
    "login.wait_one_second": ("1 sekund", "1 second"),
    "login.wait_seconds": ("{seconds} sekunder", "{seconds} seconds"),
    "login.wait_minutes": ("{minutes} minutter", "{minutes} minutes"),
    "login.failures_since_last": (
        "Mislykkede innloggingsforsøk på kontoen din siden sist: {count}, det siste {when}. "
        "Var det ikke deg, si fra til en administrator.",
        "Failed login attempts at your account since your last login: {count}, the latest {when}. "
        "If it was not you, tell an administrator.",
    ),
    "login.admin_alert": (
        "Mange mislykkede innloggingsforsøk siden siste innlogging: {accounts}.",
        "Many failed login attempts since the last login: {accounts}.",
    ),
    "login.admin_alert_account": ("{username} ({count}, sist {when})", "{username} ({count}, latest {when})"),
    # Counts from before the time of the last failure was kept.
    "login.admin_alert_account_count": ("{username} ({count})", "{username} ({count})"),
    "login.disabled": (
        "Kontoen er deaktivert. Kontakt en administrator.",
        "The account is disabled. Contact an administrator.",
    ),
    "login.demo_refused": (
        "Demokontoer kan ikke brukes i produksjon.",
        "Demo accounts cannot be used in production.",
    ),
    "login.ended": (
        "Innloggingen er avsluttet. Logg inn på nytt.",
        "Your login has ended. Please log in again.",
    ),
    "login.expired": (
        "Innloggingen er utløpt. Logg inn på nytt.",
        "Your login has expired. Please log in again.",
    ),
    "login.demo_hint": (
        "Demo: brukerne admin, direktor, koordinator, medlem, leder og leser har passordet "
        "demo-passord-2026.",
        "Demo: the users admin, direktor, koordinator, medlem, leder and leser have the password "
        "demo-passord-2026.",
    ),
    "guard.refused": (
        "Du har ikke tilgang til denne siden med rollen din.",
        "Your role does not give access to this page.",
    ),
    "sidebar.logged_in_as": ("Innlogget som", "Logged in as"),
    "sidebar.roles": ("Rolle", "Role"),
    "sidebar.language": ("Språk", "Language"),
    "sidebar.logout": ("Logg ut", "Log out"),
    "sidebar.logout_help": (
        "Logger deg ut overalt: i alle faner og på alle enheter der du er innlogget.",
        "Logs you out everywhere: in every tab and on every device where you are logged in.",
    ),
    "language.nb": ("Norsk (bokmål)", "Norwegian (bokmål)"),
    "language.en": ("English", "English"),
    "role.admin": ("Administrator", "Administrator"),
    "role.director": ("Direktør", "Director"),
    "role.coordinator": ("Koordinator", "Coordinator"),
    "role.member": ("Medlem", "Member"),
    "role.viewer": ("Leser", "Viewer"),
    "error.unexpected": (
        "Noe gikk galt. Feilen er logget; prøv igjen, eller kontakt en administrator.",
        "Something went wrong. The error has been logged; try again, or contact an administrator.",
    ),
    "error.configuration_refused": (
        "Appen er ikke satt opp for drift og starter ikke. Driftsansvarlig: se loggen, "
        "eller kjør `python -m osloreg check-config`.",
        "The app is not configured for production and does not start. Operator: see the log, "
        "or run `python -m osloreg check-config`.",
    ),
    "error.database_unavailable": (
        "Databasen svarer ikke akkurat nå. Ingenting er lagret halvveis; prøv igjen om litt.",
        "The database is not answering right now. Nothing was half-saved; try again shortly.",
    ),
    "error.storage_full": (
        "Databasen har ikke mer plass, så ingenting ble lagret. Det du fylte inn, står fortsatt i "
        "skjemaet; be en administrator frigjøre plass, og prøv igjen.",
        "The database has run out of space, so nothing was saved. What you entered is still in the "
        "form; ask an administrator to free space, and try again.",
    ),
    "error.permission_denied": (
        "Du har ikke lov til å gjøre dette med rollen din.",
        "Your role does not allow this.",
    ),
    "error.not_found": ("Fant ikke det du ba om (kanskje slettet).", "Not found (it may have been removed)."),
    "error.conflict": (
        "Noen andre har endret dette siden du åpnet det. Ingenting er overskrevet; "
        "se endringene og prøv igjen.",
        "Someone else changed this since you opened it. Nothing was overwritten; "
        "review the changes and retry.",
    ),
    "error.required": ("Feltet «{field}» må fylles ut.", "The field “{field}” is required."),
    "error.too_long": (
        "Feltet «{field}» er for langt ({length} tegn; høyst {max}).",
        "The field “{field}” is too long ({length} characters; at most {max}).",
    ),
    "error.control_characters": (
        "Feltet «{field}» inneholder ugyldige kontrolltegn.",
        "The field “{field}” contains invalid control characters.",
    ),
    "error.username_format": (
        "Brukernavn: 2–64 tegn, små bokstaver a–z, tall, punktum, bindestrek eller understrek.",
        "Username: 2–64 characters, lowercase a–z, digits, dot, hyphen or underscore.",
    ),
    "error.username_taken": ("Brukernavnet {username} er i bruk.", "The username {username} is taken."),
    "error.unknown_user": ("Fant ingen bruker {username}.", "No user {username}."),
    "error.password_too_short": (
        "Passordet må ha minst {min} tegn.",
        "The password must have at least {min} characters.",
    ),
    "error.password_too_long": (
        "Passordet kan ha høyst {max} tegn.",
        "The password can have at most {max} characters.",
    ),
    "error.unknown_role": ("Ukjent rolle: {roles}.", "Unknown role: {roles}."),
    "error.no_roles": ("Velg minst én rolle.", "Choose at least one role."),
    "basis.sourced": ("dokumentert", "sourced"),
    "basis.uncertain": ("usikker", "uncertain"),
    "basis.illustrative": ("fiktiv (demo)", "illustrative"),
}
MESSAGES["error.unknown_language"] = ("Ukjent språk: {language}.", "Unknown language: {language}.")
MESSAGES["nav.overview"] = ("Oversikt", "Overview")
# The demo loader's refusals (the command line shows them; the catalogue keeps them in both languages).
MESSAGES["error.demo_scale"] = (
    "Skalaen må være mellom {min} og {max}.",
    "The scale must be between {min} and {max}.",
)
MESSAGES["error.demo_today"] = (
    "«I dag» kan ikke være før {earliest}.",
    "“Today” cannot be before {earliest}.",
)
MESSAGES["error.demo_needs_empty_database"] = (
    "Demodata lastes bare inn i en tom database.",
    "Demo data is loaded only into an empty database.",
)
MESSAGES["export.xlsx"] = ("Last ned Excel", "Download Excel")
MESSAGES["export.csv"] = ("Last ned CSV", "Download CSV")
MESSAGES["nav.section.main"] = ("Arbeid", "Work")
# Field names in validation messages ("The field “Rationale” is required").
MESSAGES.update(
    {
        "field.display_name": ("Navn", "Name"),
        "field.link": ("Lenke", "Link"),
        "field.password": ("Passord", "Password"),
        "field.policy_topic": ("Interessepolitisk sak", "Policy matter"),
        "field.rationale": ("Begrunnelse", "Rationale"),
        "field.reason": ("Årsak", "Reason"),
        "field.recommendation": ("Anbefaling", "Recommendation"),
        "field.text": ("Tekst", "Text"),
        "field.title": ("Tittel", "Title"),
    }
)

# Parameters of an error message that hold a code of the domain, and the catalogue prefix that words it.
CODED_ERROR_PARAMS = {
    "status": "project_status",
    "from_status": "project_status",
    "to_status": "project_status",
}
