"""Messages of the calendar feeds: the calendars' names, the web app's refusal, the section on the address."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The calendar's name in the calendar program (X-WR-CALNAME), in the reader's language
    "feeds.name.all": ("Osloregionen: alle møter", "Osloregionen: every meeting"),
    "feeds.name.mine": ("Osloregionen: mine møter", "Osloregionen: my meetings"),
    "feeds.name.body": ("Osloregionen: {body}", "Osloregionen: {body}"),
    # The web app's answer to an address that holds no calendar (the same whatever the reason)
    "feeds.not_found": (
        "Ingen kalender her: adressen er feil eller ikke lenger i bruk.",
        "No calendar here: the address is wrong or no longer in use.",
    ),
    # The section on the notifications page
    "feeds.title": ("Møtekalenderen i Outlook eller Google", "The meeting calendar in Outlook or Google"),
    "feeds.intro": (
        "Kalenderprogrammet ditt kan abonnere på møtene og holde dem oppdatert selv: når et møte flyttes, "
        "får ny saksliste eller avlyses, endres det også hos deg. Avlyste møter blir stående, merket "
        "som avlyst. Du kan abonnere på tre slags kalendere:",
        "Your calendar program can subscribe to the meetings and keep them up to date by itself: when a "
        "meeting moves, gets a new agenda or is cancelled, it changes in your calendar too. Cancelled "
        "meetings stay, marked as cancelled. There are three kinds of calendar to subscribe to:",
    ),
    "feeds.kind.mine": (
        "**Mine møter**: møtene i organene du sitter i i dag, også der du er vara. Får du et nytt verv, "
        "kommer organets møter med; når vervet slutter, forsvinner de.",
        "**My meetings**: the meetings of the bodies you sit in today, also where you are a substitute. "
        "A new seat adds the body's meetings; when a seat ends, they go.",
    ),
    "feeds.kind.all": ("**Alle møter**: alle organenes møter.", "**Every meeting**: every body's meetings."),
    "feeds.kind.body": (
        "**Ett organ**: møtene i organet du velger under.",
        "**One body**: the meetings of the body you choose below.",
    ),
    "feeds.private": (
        "Adressen er personlig: den som har den, kan lese møtekalenderen uten å logge inn. Ikke del den.",
        "The address is personal: whoever has it can read the meeting calendar without logging in. "
        "Do not share it.",
    ),
    "feeds.no_person": (
        "Brukeren din er ikke knyttet til en person i registeret, så «Mine møter» er tom. Be "
        "sekretariatet knytte brukeren til deg.",
        "Your account is not linked to a person in the register, so «My meetings» is empty. Ask the "
        "secretariat to link it to you.",
    ),
    "feeds.body": ("Organ", "Body"),
    "feeds.body_help": (
        "Velg organet før du lager adressen: adressene vises bare én gang.",
        "Choose the body before you make the address: the addresses are shown only once.",
    ),
    "feeds.renew": ("Lag ny kalenderadresse", "Make a new calendar address"),
    "feeds.renew_help": (
        "Gir deg nye adresser. En adresse du har fra før, slutter å virke med en gang.",
        "Gives you new addresses. An address you had before stops working at once.",
    ),
    "feeds.created": ("Den nye kalenderadressen er laget.", "The new calendar address is made."),
    "feeds.shown_once": (
        "Adressene vises bare nå. Kopier den du vil ha inn i kalenderprogrammet ditt. Lager du en ny "
        "adresse senere, slutter disse å virke.",
        "The addresses are shown only now. Copy the one you want into your calendar program. If you make "
        "a new address later, these stop working.",
    ),
    "feeds.url.mine": ("Mine møter", "My meetings"),
    "feeds.url.all": ("Alle møter", "Every meeting"),
    "feeds.url.body": ("Møtene i {body}", "The meetings of {body}"),
    "feeds.status.none": ("Du har ingen kalenderadresse nå.", "You have no calendar address now."),
    "feeds.status.since": (
        "Kalenderadressen din ble laget {when}. Den vises ikke igjen: har du mistet den, lag en ny.",
        "Your calendar address was made on {when}. It is not shown again: if it is lost, make a new one.",
    ),
    "feeds.revoke": ("Stopp kalenderadressen", "Stop the calendar address"),
    "feeds.revoke_help": (
        "Abonnementene dine får ingen nye møter etterpå.",
        "Your subscriptions get no new meetings afterwards.",
    ),
    "feeds.revoked": ("Kalenderadressen er stoppet.", "The calendar address is stopped."),
    "feeds.howto.title": ("Slik abonnerer du", "How to subscribe"),
    "feeds.howto.outlook": (
        "**Outlook:** Kalender → *Legg til kalender* → *Abonner fra nettet* → lim inn adressen → gi "
        "kalenderen et navn → *Importer*.",
        "**Outlook:** Calendar → *Add calendar* → *Subscribe from web* → paste the address → name the "
        "calendar → *Import*.",
    ),
    "feeds.howto.google": (
        "**Google Kalender:** *Andre kalendere* (til venstre) → **+** → *Fra URL* → lim inn adressen → "
        "*Legg til kalender*.",
        "**Google Calendar:** *Other calendars* (on the left) → **+** → *From URL* → paste the address → "
        "*Add calendar*.",
    ),
    "feeds.howto.refresh": (
        "Kalenderprogrammet henter endringene selv, Outlook etter noen timer og Google etter opptil et "
        "døgn. Du trenger ikke slette kalenderen og importere på nytt.",
        "The calendar program fetches the changes itself, Outlook within a few hours and Google within "
        "a day or so. There is no need to delete the calendar and import again.",
    ),
    "feeds.error.no_token": (
        "Du har ingen kalenderadresse å stoppe.",
        "You have no calendar address to stop.",
    ),
}
