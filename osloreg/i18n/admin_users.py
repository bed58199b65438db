"""Messages of the admin page's users tab and of the user services' refusals."""

MESSAGES = {
    "admin.users.choose_roles": ("Velg én eller flere roller", "Choose one or more roles"),
    "admin.users.list": ("Brukere ({count})", "Users ({count})"),
    "admin.users.none": ("Ingen brukere ennå.", "No users yet."),
    "admin.users.col.username": ("Brukernavn", "Username"),
    "admin.users.col.display_name": ("Navn", "Name"),
    "admin.users.col.roles": ("Roller", "Roles"),
    "admin.users.col.person": ("Person", "Person"),
    "admin.users.col.language": ("Språk", "Language"),
    "admin.users.col.disabled": ("Deaktivert", "Disabled"),
    "admin.users.col.locked_until": ("Låst til", "Locked until"),
    "admin.users.col.failed_logins": ("Mislykkede innlogginger", "Failed logins"),
    "admin.users.col.last_login_at": ("Sist innlogget", "Last login"),
    "admin.users.new": ("Ny bruker", "New user"),
    "admin.users.username": ("Brukernavn", "Username"),
    "admin.users.display_name": ("Navn", "Name"),
    "admin.users.email": ("E-post (valgfritt)", "E-mail (optional)"),
    "admin.users.roles": ("Roller", "Roles"),
    "admin.users.language": ("Språk", "Language"),
    "admin.users.person_search": ("Søk etter person", "Search for a person"),
    "admin.users.person": ("Koblet person (valgfritt)", "Linked person (optional)"),
    "admin.users.no_person": ("Ingen person", "No person"),
    "admin.users.password": ("Passord", "Password"),
    "admin.users.password_repeat": ("Gjenta passordet", "Repeat the password"),
    "admin.users.password_help": (
        "12–128 tegn; alle tegn er lov, også mellomrom først og sist (de er en del av passordet). Ikke "
        "et vanlig passord, en gjentakelse eller rekkefølge, brukernavnet eller navnet. En setning av "
        "fire–fem ord som ikke hører sammen, er lett å huske og vanskelig å gjette.",
        "12–128 characters; any character is allowed, spaces at either end too (they are part of it). "
        "Not a common password, a repeat or a sequence, the username or the name. A sentence of four or "
        "five unrelated words is easy to remember and hard to guess.",
    ),
    "admin.users.password_mismatch": (
        "De to passordene er ikke like. Ingenting er lagret.",
        "The two passwords differ. Nothing was saved.",
    ),
    "admin.users.create": ("Opprett bruker", "Create user"),
    "admin.users.created": ("Brukeren {username} er opprettet.", "User {username} was created."),
    "admin.users.edit": ("Endre en bruker", "Change a user"),
    "admin.users.choose": ("Bruker", "User"),
    "admin.users.choose_none": ("Velg en bruker", "Choose a user"),
    "admin.users.details": ("Opplysninger", "Details"),
    "admin.users.save_details": ("Lagre opplysninger", "Save details"),
    "admin.users.saved": ("Endringene for {username} er lagret.", "The changes for {username} were saved."),
    "admin.users.save_roles": ("Lagre roller", "Save roles"),
    "admin.users.roles_saved": (
        "{username} har nå rollene {roles}.",
        "{username} now has the roles {roles}.",
    ),
    "admin.users.state": ("Tilgang", "Access"),
    "admin.users.state_active": ("Brukeren er aktiv.", "The user is active."),
    "admin.users.state_disabled": (
        "Brukeren er deaktivert og kan ikke logge inn.",
        "The user is disabled and cannot log in.",
    ),
    "admin.users.state_locked": (
        "Låst til {until} etter {failed} mislykkede innlogginger.",
        "Locked until {until} after {failed} failed logins.",
    ),
    "admin.users.state_failed": (
        "{failed} mislykkede innlogginger på rad.",
        "{failed} failed logins in a row.",
    ),
    "admin.users.disable": ("Deaktiver", "Disable"),
    "admin.users.disable_confirm": (
        "Ja, deaktiver og logg brukeren ut av alle økter",
        "Yes, disable and log the user out of every session",
    ),
    "admin.users.disabled": ("{username} er deaktivert.", "{username} was disabled."),
    "admin.users.enable": ("Aktiver", "Enable"),
    "admin.users.enabled": ("{username} er aktivert igjen.", "{username} was enabled again."),
    "admin.users.unlock": ("Lås opp", "Unlock"),
    "admin.users.unlocked": ("{username} er låst opp.", "{username} was unlocked."),
    "admin.users.reset": ("Nytt passord", "New password"),
    "admin.users.reset_button": ("Sett nytt passord", "Set new password"),
    "admin.users.reset_done": (
        "{username} har fått nytt passord og er logget ut av alle økter.",
        "{username} has a new password and has been logged out of every session.",
    ),
    "admin.users.you": ("Dette er deg.", "This is you."),
    # The user services' refusals.
    "error.password_blank": (
        "Passordet kan ikke bare være mellomrom eller usynlige tegn. Velg et passord med synlige tegn.",
        "The password cannot be only spaces or invisible characters. Choose one with visible characters.",
    ),
    "error.password_has_name": (
        "Passordet kan ikke inneholde brukernavnet, brukerens navn eller navnet på tjenesten "
        "(Osloregionen): det er det første en angriper prøver. Velg noe som ikke kan gjettes ut fra "
        "hvem brukeren er.",
        "The password cannot contain the username, the user's name or the name of the service "
        "(Osloregionen): that is what an attacker tries first. Choose something that cannot be guessed "
        "from who the user is.",
    ),
    "error.password_common": (
        "Passordet er for vanlig: det står på lister over passord som prøves først ved innbrudd, eller "
        "er et vanlig ord med tall eller tegn foran eller bak (som «sommer2026!!»). Bruk heller en "
        "setning av fire–fem ord som ikke hører sammen.",
        "The password is too common: it is on the lists of passwords tried first in break-ins, or it is "
        "a common word with digits or signs before or after it (such as “summer2026!!”). Use a sentence "
        "of four or five unrelated words instead.",
    ),
    "error.password_predictable": (
        "Passordet er lett å gjette: det er gjentatte tegn, en rekkefølge (abc, 123) eller en rad på "
        "tastaturet (qwerty). Bruk heller en setning av fire–fem ord som ikke hører sammen.",
        "The password is easy to guess: it is repeated characters, a sequence (abc, 123) or a row of the "
        "keyboard (qwerty). Use a sentence of four or five unrelated words instead.",
    ),
    "error.unknown_person": ("Fant ingen person med id {id}.", "No person with id {id}."),
    "error.disable_self": (
        "Du kan ikke deaktivere din egen bruker; be en annen administrator om det.",
        "You cannot disable your own account; ask another administrator.",
    ),
    "error.own_admin_role": (
        "Du kan ikke fjerne din egen administratorrolle; be en annen administrator om det.",
        "You cannot remove your own administrator role; ask another administrator.",
    ),
}
