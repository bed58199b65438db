"""Messages of meeting invitations by e-mail and of the one-click forfall link they carry (issue 18)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The mail: sender, subject and the plain-text part.
    "invitation.sender_name": ("Osloregionen sekretariatet", "Osloregionen secretariat"),
    "invitation.subject.request": ("Innkalling: {body}, {date}", "Notice of meeting: {body}, {date}"),
    "invitation.subject.update": (
        "Endret innkalling: {body}, {date}",
        "Changed notice of meeting: {body}, {date}",
    ),
    "invitation.subject.cancel": ("Avlyst: {body}, {date}", "Cancelled: {body}, {date}"),
    "invitation.text.request": (
        "Du er innkalt til møte i {body}.",
        "You are called to a meeting of {body}.",
    ),
    "invitation.text.update": (
        "Tid eller sted for møtet i {body} er endret. Kalenderen din oppdaterer møtet når du åpner "
        "denne e-posten.",
        "The time or place of the meeting of {body} has changed. Your calendar updates the meeting when "
        "you open this e-mail.",
    ),
    "invitation.text.cancel": (
        "Møtet i {body} {date} er avlyst. Kalenderen din fjerner møtet når du åpner denne e-posten.",
        "The meeting of {body} on {date} is cancelled. Your calendar removes the meeting when you open "
        "this e-mail.",
    ),
    "invitation.text.cancel_reason": ("Begrunnelse: {reason}", "Reason: {reason}"),
    "invitation.text.title": ("Møte: {title}", "Meeting: {title}"),
    "invitation.text.when": ("Tid: {date} kl. {start}–{end}", "Time: {date}, {start}–{end}"),
    "invitation.text.place": ("Sted: {place}", "Place: {place}"),
    "invitation.text.no_place": ("Sted: ikke fastsatt ennå", "Place: not set yet"),
    "invitation.text.agenda": ("Saksliste:", "Agenda:"),
    "invitation.text.no_agenda": ("(ingen saker ennå)", "(no items yet)"),
    "invitation.text.link": ("Møtet i dashbordet: {url}", "The meeting in the dashboard: {url}"),
    "invitation.text.forfall": (
        "Kan du ikke møte? Meld forfall her (lenken virker én gang, og til møtet begynner):",
        "Cannot attend? Send your apologies here (the link works once, until the meeting begins):",
    ),
    "invitation.text.forfall_note": ("Meld forfall: {url}", "Send apologies: {url}"),
    "invitation.text.calendar": (
        "Invitasjonen ligger også ved som kalenderfil (invite.ics).",
        "The invitation is also attached as a calendar file (invite.ics).",
    ),
    "invitation.text.automatic": (
        "Denne e-posten er sendt automatisk fra Osloregionens dashbord.",
        "This e-mail was sent automatically by the Osloregionen dashboard.",
    ),
    # The audit trail's names of the sending's events.
    "audit.meeting.invitation_sent": ("Invitasjon sendt på e-post", "Invitation sent by e-mail"),
    "audit.meeting.invitation_dropped": ("Invitasjon ikke sendt", "Invitation not sent"),
    # The page behind the forfall link.
    "forfall_link.confirm_title": ("Meld forfall til {body} {date}?", "Send apologies to {body} {date}?"),
    "forfall_link.meeting": ("Møtet: {body}, {date} kl. {start}.", "The meeting: {body}, {date} at {start}."),
    "forfall_link.meeting_place": (
        "Møtet: {body}, {date} kl. {start}, {place}.",
        "The meeting: {body}, {date} at {start}, {place}.",
    ),
    "forfall_link.who": ("Du melder forfall som {name}.", "You send apologies as {name}."),
    "forfall_link.once": (
        "Lenken virker én gang. Sekretariatet ser forfallet og kaller inn vara om det trengs.",
        "The link works once. The secretariat sees your apologies and calls in a substitute if needed.",
    ),
    "forfall_link.reason_label": ("Grunn (valgfritt)", "Reason (optional)"),
    "forfall_link.button": ("Meld forfall", "Send apologies"),
    "forfall_link.default_reason": ("Meldt via lenke i innkallingen", "Sent through the link in the notice"),
    "forfall_link.done_title": ("Forfallet er registrert", "Your apologies are registered"),
    "forfall_link.done": (
        "Takk. Forfallet ditt til {body} {date} er registrert.",
        "Thank you. Your apologies for {body} on {date} are registered.",
    ),
    "forfall_link.refused_title": ("Forfall kan ikke meldes med denne lenken", "This link cannot be used"),
    "forfall_link.refused.forged": (
        "Lenken er ikke gyldig. Bruk lenken i den siste innkallingen du har fått, eller meld forfall i "
        "dashbordet.",
        "The link is not valid. Use the link in the latest notice you received, or send your apologies "
        "in the dashboard.",
    ),
    "forfall_link.refused.expired": (
        "Lenken gjelder ikke lenger: møtet har begynt. Gi beskjed til sekretariatet om forfallet.",
        "The link is no longer valid: the meeting has begun. Tell the secretariat that you cannot attend.",
    ),
    "forfall_link.refused.used": (
        "Lenken er allerede brukt. Den virker bare én gang.",
        "The link has been used already. It works only once.",
    ),
    "forfall_link.refused.disabled": (
        "Brukerkontoen din er deaktivert. Ta kontakt med sekretariatet.",
        "Your user account is disabled. Please contact the secretariat.",
    ),
    "forfall_link.refused.cancelled": (
        "Møtet er avlyst, så du trenger ikke melde forfall.",
        "The meeting is cancelled, so there is no need to send apologies.",
    ),
    "forfall_link.already_title": (
        "Forfallet er allerede registrert",
        "Your apologies are already registered",
    ),
    "forfall_link.refused.already": (
        "Forfallet ditt til dette møtet er allerede registrert. Du trenger ikke gjøre noe mer.",
        "Your apologies for this meeting are already registered. There is nothing more to do.",
    ),
    "forfall_link.refused.no_seat": (
        "Du står ikke lenger som medlem eller vara i organet på møtedagen. Ta kontakt med sekretariatet.",
        "You are no longer a member or substitute of the body on the day of the meeting. Please contact "
        "the secretariat.",
    ),
    "forfall_link.refused.reason": (
        "Grunnen kunne ikke lagres (for lang, eller med tegn som ikke kan brukes). Gå tilbake og prøv igjen.",
        "The reason could not be saved (too long, or with characters that cannot be used). Go back and try "
        "again.",
    ),
    "forfall_link.refused.failed": (
        "Forfallet kunne ikke registreres med denne lenken. Meld forfall i dashbordet, eller ta kontakt "
        "med sekretariatet.",
        "Your apologies could not be registered with this link. Send them in the dashboard, or contact "
        "the secretariat.",
    ),
    # The service's refusal of a link used before (services.attendance.report_absence).
    "forfall_link.used": ("Lenken er allerede brukt.", "The link has been used already."),
}
