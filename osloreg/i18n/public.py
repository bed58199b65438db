"""Messages of the public view and the static site: styret's and representantskapet's meetings and cases."""

MESSAGES: dict[str, tuple[str, str]] = {
    "public.site": ("Osloregionen – møter og saker", "Osloregionen – meetings and cases"),
    "public.skip": ("Hopp til innholdet", "Skip to content"),
    "public.nav": ("Hovedmeny", "Main menu"),
    "public.nav.front": ("Forside", "Front page"),
    "public.nav.year": ("Møter {year}", "Meetings {year}"),
    "public.nav.calendar": ("Kalender", "Calendar"),
    "public.nav.other_language": ("English", "Norsk (bokmål)"),
    "public.footer": (
        "Offentlig møteinformasjon fra styret og representantskapet i Osloregionen. Saker og dokumenter "
        "som er unntatt offentlighet, vises bare med hjemmelen for unntaket.",
        "Public meeting information from Osloregionen's board and council. Cases and documents exempt "
        "from public access are shown only with the legal basis of the exemption.",
    ),
    # Front page
    "public.front.title": ("Møter i styret og representantskapet", "Meetings of the board and the council"),
    "public.front.intro": (
        "Her finner du møtene i styret og representantskapet i Osloregionen: innkalling og saksliste når "
        "innkallingen er sendt, vedtakene etter møtet og protokollen når den er godkjent og publisert.",
        "Here are the meetings of Osloregionen's board and council: the notice and agenda once the "
        "notice is sent, the decisions after the meeting and the minutes once approved and published.",
    ),
    "public.front.upcoming": ("Kommende møter", "Upcoming meetings"),
    "public.front.no_upcoming": ("Ingen møter er planlagt ennå.", "No meetings are planned yet."),
    "public.front.latest": ("Siste avholdte møter", "Latest meetings held"),
    "public.front.no_latest": ("Ingen møter er avholdt ennå.", "No meetings have been held yet."),
    "public.front.archive": ("Alle møter", "All meetings"),
    "public.front.years": ("Møter per år:", "Meetings by year:"),
    "public.front.calendar": ("Kalender for {month}", "Calendar for {month}"),
    # A meeting in a list
    "public.meeting.link": ("{body} {when}", "{body} {when}"),
    "public.meeting.place": ("Sted: {place}", "Place: {place}"),
    "public.meeting.status": ("Status: {status}", "Status: {status}"),
    # The year list
    "public.year.title": ("Møter i {year}", "Meetings in {year}"),
    "public.year.none": ("Ingen møter i {month}.", "No meetings in {month}."),
    "public.year.title_body": ("Møter i {year}: {body}", "Meetings in {year}: {body}"),
    "public.year.bodies": ("Velg organ", "Choose a body"),
    "public.year.all_bodies": ("Alle organer", "Every body"),
    "public.year.empty": ("Ingen møter dette året.", "No meetings this year."),
    "public.year.previous": ("Møter i {year}", "Meetings in {year}"),
    "public.year.next": ("Møter i {year}", "Meetings in {year}"),
    "public.year.other": ("Andre år", "Other years"),
    # The calendar
    "public.month.title": ("Kalender: {month}", "Calendar: {month}"),
    "public.month.caption": ("Møter i {month}", "Meetings in {month}"),
    "public.month.previous": ("Forrige måned: {month}", "Previous month: {month}"),
    "public.month.next": ("Neste måned: {month}", "Next month: {month}"),
    "public.month.other": ("Andre måneder", "Other months"),
    "public.month.list": ("Møtene i {month} som liste", "The meetings of {month} as a list"),
    "public.weekday.0": ("Mandag", "Monday"),
    "public.weekday.1": ("Tirsdag", "Tuesday"),
    "public.weekday.2": ("Onsdag", "Wednesday"),
    "public.weekday.3": ("Torsdag", "Thursday"),
    "public.weekday.4": ("Fredag", "Friday"),
    "public.weekday.5": ("Lørdag", "Saturday"),
    "public.weekday.6": ("Søndag", "Sunday"),
    "public.weekday_short.0": ("Man", "Mon"),
    "public.weekday_short.1": ("Tir", "Tue"),
    "public.weekday_short.2": ("Ons", "Wed"),
    "public.weekday_short.3": ("Tor", "Thu"),
    "public.weekday_short.4": ("Fre", "Fri"),
    "public.weekday_short.5": ("Lør", "Sat"),
    "public.weekday_short.6": ("Søn", "Sun"),
    # One meeting
    "public.meeting.title": ("{body}, møte {day}", "{body}, meeting {day}"),
    "public.meeting.facts": ("Om møtet", "About the meeting"),
    "public.meeting.body": ("Organ", "Body"),
    "public.meeting.name": ("Møte", "Meeting"),
    "public.meeting.time": ("Tid", "Time"),
    "public.meeting.where": ("Sted", "Place"),
    "public.meeting.state": ("Status", "Status"),
    "public.meeting.no_place": ("Ikke oppgitt", "Not given"),
    "public.meeting.cancelled": ("Møtet er avlyst.", "The meeting is cancelled."),
    "public.agenda": ("Saksliste", "Agenda"),
    "public.agenda.not_yet": (
        "Sakslisten blir publisert når innkallingen er sendt.",
        "The agenda is published when the notice of the meeting is sent.",
    ),
    "public.agenda.empty": ("Sakslisten er tom.", "The agenda is empty."),
    "public.item": ("Sak {position}", "Item {position}"),
    "public.item.closed": ("Unntatt offentlighet ({basis})", "Exempt from public access ({basis})"),
    "public.item.text.recommendation": ("Innstilling", "Recommendation"),
    "public.item.text.decision": ("Vedtak", "Decision"),
    "public.item.text.other": ("Vedtak", "Decision"),
    "public.item.result": ("Resultat: {result}", "Result: {result}"),
    "public.vote.unanimous": ("enstemmig", "unanimous"),
    "public.vote.counted": (
        "{votes_for} mot {votes_against} stemmer",
        "{votes_for} votes to {votes_against}",
    ),
    "public.vote": ("Avstemning: {vote}", "Vote: {vote}"),
    "public.minutes": ("Protokoll", "Minutes"),
    "public.minutes.not_yet": (
        "Protokollen er ikke publisert ennå. Den publiseres når den er godkjent.",
        "The minutes are not published yet. They are published once approved.",
    ),
    "public.minutes.none": ("Ingen protokoll er lagt ut.", "No minutes have been posted."),
    "public.meeting.documents": ("Møtedokumenter", "Meeting documents"),
    "public.documents.none": ("Ingen offentlige dokumenter.", "No public documents."),
    "public.file": ("{kind}: {title} ({type}, {size})", "{kind}: {title} ({type}, {size})"),
    "public.file.exempt": (
        "{kind}: Unntatt offentlighet ({basis})",
        "{kind}: Exempt from public access ({basis})",
    ),
    # One case
    "public.case.facts": ("Om saken", "About the case"),
    "public.case.registration": ("Arkivsak", "Case file"),
    "public.case.numbers": ("Saksnummer", "Case numbers"),
    "public.case.number": ("{body} {number}", "{body} {number}"),
    "public.case.path": ("Saksgang", "Path of the case"),
    "public.case.step": ("{body}: {role}", "{body}: {role}"),
    "public.case.step.day": ("Dato: {day}", "Date: {day}"),
    "public.case.step.number": ("Saksnummer: {number}", "Case number: {number}"),
    "public.case.step.meeting": ("Møtet {day}", "The meeting of {day}"),
    "public.case.no_path": ("Saken har ingen behandlinger ennå.", "The case has not been considered yet."),
    "public.case.proposal": ("Forslag til vedtak", "Proposed decision"),
    "public.case.decision": ("Vedtak", "Decision"),
    "public.case.no_decision": ("Saken er ikke avgjort ennå.", "The case has not been decided yet."),
    "public.case.documents": ("Dokumenter i saken", "Documents of the case"),
    # Basis of the facts
    "public.basis": ("Kilde: {basis}", "Source: {basis}"),
    # Not found (the same answer whether the page does not exist or is not public)
    "public.not_found.title": ("Fant ikke siden", "Page not found"),
    "public.not_found.text": (
        "Vi fant ingen offentlig side på denne adressen. Adressen kan være feil, eller møtet, saken eller "
        "dokumentet er ikke offentlig.",
        "There is no public page at this address. The address may be wrong, or the meeting, case or "
        "document is not public.",
    ),
    "public.not_found.front": ("Gå til forsiden", "Go to the front page"),
    # The login page's link to the public view
    "public.login_link": (
        "Møter og saker i styret og representantskapet er åpne for alle: [offentlig visning]({url}).",
        "The board's and the council's meetings and cases are open to all: [public view]({url}).",
    ),
}
