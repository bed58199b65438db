"""Messages of single sign-on (Entra ID, ID-porten): the login page's buttons and refusals, and the
admin's linking of identities."""

MESSAGES = {
    "sso.provider.entra": ("Microsoft Entra ID", "Microsoft Entra ID"),
    "sso.provider.idporten": ("ID-porten", "ID-porten"),
    "login.sso_button.entra": ("Logg inn med Microsoft Entra ID", "Log in with Microsoft Entra ID"),
    "login.sso_button.idporten": ("Logg inn med ID-porten", "Log in with ID-porten"),
    "login.sso_button.other": ("Logg inn med {provider}", "Log in with {provider}"),
    "login.sso_intro": (
        "Sekretariatet logger inn med Microsoft Entra ID, medlemmer fra kommunene med ID-porten.",
        "The secretariat logs in with Microsoft Entra ID, members from the municipalities with ID-porten.",
    ),
    "login.sso_or_password": (
        "Eller logg inn med brukernavn og passord:",
        "Or log in with a username and password:",
    ),
    "login.sso_unknown": (
        "Vi kjenner ikke igjen denne identiteten fra {provider}, så du er ikke logget inn. Be "
        "administratoren av dashbordet i sekretariatet om å koble den til brukeren din.",
        "We do not recognise this identity from {provider}, so you are not logged in. Ask the "
        "dashboard's administrator in the secretariat to link it to your user.",
    ),
    "login.sso_invalid": (
        "Innloggingen fra {provider} kunne ikke godtas: den var ikke laget for dette dashbordet. Prøv "
        "igjen, og kontakt administratoren hvis det gjentar seg.",
        "The login from {provider} could not be accepted: it was not made for this dashboard. Try "
        "again, and contact the administrator if it happens again.",
    ),
    "login.sso_stale": (
        "Innloggingen med {provider} er utløpt. Logg inn på nytt.",
        "Your login with {provider} has expired. Please log in again.",
    ),
    "login.sso_replayed": (
        "Denne innloggingen fra {provider} er allerede brukt. Logg inn på nytt.",
        "This login from {provider} has already been used. Please log in again.",
    ),
    "login.sso_level": (
        "ID-porten ga for lavt sikkerhetsnivå. Logg inn med en elektronisk ID på nivå betydelig eller "
        "høyt, for eksempel BankID.",
        "ID-porten gave too low a level of assurance. Log in with an electronic ID at level substantial "
        "or high, such as BankID.",
    ),
    "login.sso_no_role": (
        "Du er ikke med i noen gruppe som gir en rolle i dashbordet. Kontakt administratoren.",
        "You are in no group that gives a role in the dashboard. Contact the administrator.",
    ),
    "login.sso_failed": (
        "Innloggingen med {provider} lyktes ikke, så du er ikke logget inn. Prøv igjen, og kontakt "
        "administratoren hvis det gjentar seg.",
        "The login with {provider} did not succeed, so you are not logged in. Try again, and contact "
        "the administrator if it happens again.",
    ),
    "login.sso_unavailable": (
        "{provider} svarer ikke som det skal akkurat nå, så innloggingen ble ikke startet. Prøv igjen "
        "om litt, eller logg inn med brukernavn og passord hvis du har det.",
        "{provider} is not answering as it should right now, so the login was not started. Try again "
        "shortly, or log in with a username and password if you have one.",
    ),
    "login.local_off": (
        "Innlogging med brukernavn og passord er slått av her. Logg inn med Entra ID eller ID-porten.",
        "Logging in with a username and password is switched off here. Log in with Entra ID or ID-porten.",
    ),
    "admin.users.identities": ("Innlogging", "Sign-on"),
    "admin.users.identities_none": (
        "Ingen konto i Entra ID eller ID-porten er koblet til brukeren.",
        "No identity from Entra ID or ID-porten is linked to this user.",
    ),
    "admin.users.identity_row": (
        "{provider}{email}: koblet {linked_at} av {linked_by}, sist brukt {last_used}",
        "{provider}{email}: linked {linked_at} by {linked_by}, last used {last_used}",
    ),
    "admin.users.identity_never_used": ("aldri", "never"),
    "admin.users.identity_by_email": ("første innlogging (e-post)", "first login (e-mail)"),
    "admin.users.unlink": ("Fjern koblingen", "Remove the link"),
    "admin.users.unlink_confirm": (
        "Ja, fjern koblingen (neste innlogging med den blir avvist)",
        "Yes, remove it (the next login with it is refused)",
    ),
    "admin.users.unlinked": ("Koblingen for {username} er fjernet.", "The link for {username} was removed."),
    "admin.users.pid": ("Fødselsnummer (ID-porten)", "National identity number (ID-porten)"),
    "admin.users.pid_help": (
        "11 siffer, fødselsnummer eller d-nummer. Det lagres bare som en saltet hash, og kan ikke "
        "leses ut igjen; personen logger deretter inn med ID-porten.",
        "11 digits, fødselsnummer or d-nummer. Only a salted hash of it is kept, and it cannot be read "
        "back; the person then logs in with ID-porten.",
    ),
    "admin.users.pid_link": ("Koble til ID-porten", "Link to ID-porten"),
    "admin.users.pid_linked": (
        "{username} kan nå logge inn med ID-porten.",
        "{username} can now log in with ID-porten.",
    ),
    "admin.users.pid_no_idporten": (
        "ID-porten er ikke satt opp for denne installasjonen.",
        "ID-porten is not set up for this installation.",
    ),
    "sso.pid_missing": (
        "Skriv inn fødselsnummeret (11 siffer).",
        "Enter the national identity number (11 digits).",
    ),
    "sso.pid_not_11_digits": (
        "Et fødselsnummer har 11 siffer. Ingenting er lagret.",
        "A national identity number has 11 digits. Nothing was saved.",
    ),
    "sso.pid_control": (
        "Kontrollsifrene stemmer ikke. Sjekk fødselsnummeret. Ingenting er lagret.",
        "The check digits do not match. Check the number. Nothing was saved.",
    ),
    "sso.pid_taken": (
        "Dette fødselsnummeret er allerede koblet til brukeren {username}. Fjern den koblingen først.",
        "This number is already linked to the user {username}. Remove that link first.",
    ),
}
