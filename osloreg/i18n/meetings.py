"""Messages of the meeting calendar (Møtekalender) and one meeting's page."""

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.calendar": ("Møtekalender", "Calendar"),
    "meeting_status.planned": ("Planlagt", "Planned"),
    "meeting_status.held": ("Avholdt", "Held"),
    "meeting_status.cancelled": ("Avlyst", "Cancelled"),
    # The calendar
    "calendar.intro": (
        "Organenes møter måned for måned. Velg et møte for saksliste, protokoll og oppmøte.",
        "The bodies' meetings month by month. Choose a meeting for its agenda, minutes and attendance.",
    ),
    "calendar.previous": ("Forrige måned", "Previous month"),
    "calendar.next": ("Neste måned", "Next month"),
    "calendar.today": ("I dag", "Today"),
    "calendar.filter.bodies": ("Organer", "Bodies"),
    "calendar.filter.all_bodies": ("Alle organer", "All bodies"),
    "calendar.month_count": ("{count} møter denne måneden.", "{count} meetings this month."),
    "calendar.more": ("+{count} til", "+{count} more"),
    "calendar.list.title": ("Møter i {month}", "Meetings in {month}"),
    "calendar.list.day": ("Møter {day}", "Meetings on {day}"),
    "calendar.list.whole_month": ("Vis hele måneden", "Show the whole month"),
    "calendar.day_help": ("Vis dagens møter i listen under", "Show the day's meetings in the list below"),
    "calendar.list.none": ("Ingen møter denne måneden.", "No meetings this month."),
    "calendar.list.select": (
        "Velg et møte for å åpne det."
        " Med tastaturet: Tab til tabellen, piltastene til raden, Shift+mellomrom velger den.",
        "Select a meeting to open it."
        " With the keyboard: Tab to the table, the arrow keys to the row, Shift+Space selects it.",
    ),
    "calendar.col.when": ("Når", "When"),
    # A sourced meeting whose source gives only the day: its stored time is made up.
    "calendar.when_made_up": ("{when} (klokkeslett fiktivt)", "{when} (time of day made up)"),
    "calendar.cell.time_made_up": ("klokkeslett fiktivt", "time made up"),
    "calendar.col.body": ("Organ", "Body"),
    "calendar.col.title": ("Tittel", "Title"),
    "calendar.col.place": ("Sted", "Place"),
    "calendar.col.status": ("Status", "Status"),
    "calendar.col.items": ("Saker på sakslisten", "Agenda items"),
    "calendar.ics.title": (
        "Kalenderfiler (Outlook, Google Kalender)",
        "Calendar files (Outlook, Google Calendar)",
    ),
    "calendar.ics.help": (
        "Last ned og importer i kalenderen din. Hvert møte har en fast ID, så en ny import oppdaterer "
        "møtene i stedet for å legge dem inn på nytt; avlyste møter markeres som avlyst.",
        "Download and import into your calendar. Each meeting has a fixed ID, so a new import updates the "
        "meetings instead of adding them again; cancelled meetings are marked cancelled.",
    ),
    "calendar.ics.subscribe": (
        "Abonner i stedet, så oppdaterer kalenderen seg selv: Varsler og kalender",
        "Subscribe instead, and your calendar updates itself: Notifications and calendar",
    ),
    "calendar.ics.body": ("Last ned møtene i {body}", "Download the meetings of {body}"),
    "calendar.ics.choose_body": (
        "Velg ett organ over for å laste ned bare dets møter.",
        "Choose one body above to download only its meetings.",
    ),
    "calendar.ics.all": ("Last ned alle møter", "Download every meeting"),
    "calendar.ics.all_name": ("Osloregionen: alle møter", "Osloregionen: every meeting"),
    "calendar.ics.file": ("moter", "meetings"),
    "calendar.ics.agenda": ("Saksliste", "Agenda"),
    "calendar.ics.no_agenda": ("(ingen saker ennå)", "(no items yet)"),
    "calendar.ics.link": ("I dashbordet", "In the dashboard"),
    "calendar.ics.cancelled": ("AVLYST", "CANCELLED"),
    "calendar.ics.time_made_up": (
        "Merk: datoen er dokumentert, klokkeslettet er fiktivt.",
        "Note: the date is documented; the time of day is made up.",
    ),
    "calendar.new.title": ("Planlegg et møte", "Plan a meeting"),
    # One meeting
    "meeting.back": ("Tilbake til kalenderen", "Back to the calendar"),
    "meeting.gone": (
        "Fant ikke møtet (kanskje er lenken feil).",
        "Meeting not found (the link may be wrong).",
    ),
    "meeting.basis": ("kilde: {basis}", "basis: {basis}"),
    "meeting.cancelled": ("Møtet er avlyst. Årsak: {reason}", "The meeting is cancelled. Reason: {reason}"),
    "meeting.read_only": (
        "Du kan lese; koordinatorer planlegger møter og fører protokoll.",
        "You can read; coordinators plan meetings and keep the minutes.",
    ),
    "meeting.ics": ("Legg i kalenderen (.ics)", "Add to calendar (.ics)"),
    "meeting.tab.agenda": ("Saksliste ({count})", "Agenda ({count})"),
    "meeting.tab.minutes": ("Protokoll", "Minutes"),
    "meeting.tab.attendance": ("Oppmøte", "Attendance"),
    "meeting.tab.history": ("Endringslogg", "Change history"),
    "meeting.tab.edit": ("Flytt eller avlys", "Move or cancel"),
    "meeting.col.position": ("Nr.", "No."),
    "meeting.col.item": ("Sak", "Item"),
    "meeting.col.deciding": ("Vedtaksorgan", "Deciding body"),
    "meeting.col.result": ("Resultat", "Result"),
    "meeting.col.result_text": ("Vedtak / merknad", "Decision / remark"),
    "meeting.col.person": ("Person", "Person"),
    "meeting.col.unit": ("Representerer", "Represents"),
    "meeting.col.present": ("Oppmøte", "Attendance"),
    "meeting.agenda.none": ("Møtet har ingen saksliste ennå.", "The meeting has no agenda yet."),
    "meeting.agenda.open_case": ("Åpne sak {case}", "Open case {case}"),
    "meeting.agenda.items": ("Resultat og rekkefølge", "Results and order"),
    "meeting.agenda.up": ("Flytt opp", "Move up"),
    "meeting.agenda.down": ("Flytt ned", "Move down"),
    "meeting.agenda.remove": ("Ta av sakslisten", "Take off the agenda"),
    "meeting.agenda.removed": ("Punktet er tatt av sakslisten.", "The item has been taken off the agenda."),
    "meeting.agenda.add": ("Legg til på sakslisten", "Add to the agenda"),
    "meeting.agenda.find_case": ("Finn en sak", "Find a case"),
    "meeting.agenda.find_case_placeholder": (
        "48/20, et nummer eller ord fra tittelen",
        "48/20, a number or title words",
    ),
    "meeting.agenda.case": ("Sak", "Case"),
    "meeting.agenda.choose_case": ("Velg sak ({count} treff)", "Choose a case ({count} found)"),
    "meeting.agenda.passes_over": (
        "Sak {case} skal etter planen behandles i {body} først. Legges den på dette møtet, hoppes den "
        "behandlingen over.",
        "Case {case} is planned for {body} first. Put on this meeting, that consideration is skipped.",
    ),
    "meeting.agenda.deciding": (
        "Organet fatter vedtak i saken her (vedtaksorgan)",
        "The body decides the case here (deciding body)",
    ),
    "meeting.agenda.case_help": (
        "Saken får den behandlingen i dette organet som står for tur i saksgangen, eller et nytt steg til "
        "slutt.",
        "The case gets the consideration by this body that is next on its path, or a new step at its end.",
    ),
    "meeting.agenda.add_case": ("Legg til saken", "Add the case"),
    "meeting.agenda.no_case": ("Velg en sak først.", "Choose a case first."),
    "meeting.agenda.heading": ("Overskrift", "Heading"),
    "meeting.agenda.add_heading": ("Legg til overskriften", "Add the heading"),
    "meeting.agenda.added": ("Lagt til på sakslisten.", "Added to the agenda."),
    "meeting.result.record": ("Registrer resultat", "Record the result"),
    "meeting.result.edit": ("Rett resultatet", "Correct the result"),
    "meeting.result.result": ("Resultat", "Result"),
    "meeting.result.text": ("Vedtak / merknad (valgfritt)", "Decision / remark (optional)"),
    "meeting.result.save": ("Lagre resultatet", "Save the result"),
    "meeting.result.choose": ("Velg et resultat.", "Choose a result."),
    "meeting.result.done": ("Resultatet for «{item}» er lagret.", "The result for “{item}” has been saved."),
    "meeting.minutes.none": ("Ingen protokoll ennå.", "No minutes yet."),
    "meeting.minutes.save": ("Lagre protokollen", "Save the minutes"),
    "meeting.minutes.done": ("Protokollen er lagret.", "The minutes have been saved."),
    "meeting.attendance.covered": (
        "**{given} av {expected}** forventede enheter var representert.",
        "**{given} of {expected}** expected units were represented.",
    ),
    "meeting.attendance.absent": ("Ikke representert: {units}.", "Not represented: {units}."),
    "meeting.attendance.none": ("Oppmøtet er ikke registrert.", "Attendance has not been recorded."),
    "meeting.attendance.present": ("Til stede", "Present"),
    "meeting.attendance.apologies": ("Meldt forfall", "Sent apologies"),
    "meeting.attendance.edit": ("Registrer oppmøte", "Record attendance"),
    "meeting.attendance.no_members": (
        "Organet hadde ingen medlemmer på møtedagen.",
        "The body had no members on the day of the meeting.",
    ),
    "meeting.attendance.save": ("Lagre oppmøtet", "Save the attendance"),
    "meeting.attendance.both": (
        "{person} kan ikke både være til stede og ha meldt forfall.",
        "{person} cannot both be present and have sent apologies.",
    ),
    "meeting.attendance.done": ("Oppmøtet er lagret.", "The attendance has been saved."),
    "meeting.history.none": (
        "Ingen endringer gjort i dashbordet ennå.",
        "No changes made in the dashboard yet.",
    ),
    "meeting.new.save": ("Planlegg møtet", "Plan the meeting"),
    "meeting.new.done": ("Møtet er planlagt.", "The meeting has been planned."),
    "meeting.edit.title": ("Flytt møtet eller endre sted", "Move the meeting or change the place"),
    "meeting.edit.save": ("Lagre", "Save"),
    "meeting.edit.done": (
        "Møtet er endret; sakene på det er flyttet med.",
        "The meeting has been changed; its cases moved along.",
    ),
    "meeting.cancel.title": ("Avlys møtet", "Cancel the meeting"),
    "meeting.cancel.button": ("Avlys", "Cancel it"),
    "meeting.cancel.confirm": (
        "Ja, avlys møtet (det blir stående i kalenderen, merket avlyst)",
        "Yes, cancel the meeting (it stays in the calendar, marked cancelled)",
    ),
    "meeting.cancel.done": (
        "Møtet er avlyst. Sakene som sto på det, venter på et nytt møte.",
        "The meeting has been cancelled. Its cases wait for another meeting.",
    ),
    # The change history's actions
    "audit.meeting.plan": ("Planlagt", "Planned"),
    "audit.meeting.update": ("Endret", "Changed"),
    "audit.meeting.move": ("Flyttet", "Moved"),
    "audit.meeting.cancel": ("Avlyst", "Cancelled"),
    "audit.meeting.minutes": ("Protokoll", "Minutes"),
    "audit.meeting.agenda_add": ("Lagt til på sakslisten", "Added to the agenda"),
    "audit.meeting.agenda_move": ("Sakslisten omordnet", "Agenda reordered"),
    "audit.meeting.agenda_remove": ("Tatt av sakslisten", "Taken off the agenda"),
    "audit.meeting.agenda_closed": (
        "Punkt behandlet for lukkede dører",
        "Item considered behind closed doors",
    ),
    "audit.meeting.agenda_opened": ("Punkt åpnet for offentligheten", "Item opened to the public"),
    "audit.meeting.result": ("Resultat registrert", "Result recorded"),
    "audit.meeting.attendance": ("Oppmøte registrert", "Attendance recorded"),
    # Errors of the meeting services
    "error.meeting_end": ("Møtet må slutte etter at det begynner.", "The meeting must end after it starts."),
    "error.meeting_too_long": (
        "Et møte kan vare høyst {hours} timer.",
        "A meeting can last at most {hours} hours.",
    ),
    "error.meeting_cancelled": (
        "Møtet er avlyst og kan ikke endres.",
        "The meeting is cancelled and cannot be changed.",
    ),
    "error.meeting_held": (
        "Møtet er avholdt: tid og status ligger fast (rett protokoll og resultater i stedet).",
        "The meeting has been held: its time and status are fixed (correct the minutes and results instead).",
    ),
    "error.minutes_before_held": (
        "Protokollen kan ikke godkjennes eller publiseres før møtet er avholdt.",
        "The minutes cannot be approved or published before the meeting has been held.",
    ),
    "error.meeting_step": (
        "Møtet kan ikke gå til dette steget derfra det står nå (planlagt, innkalt, avholdt, protokoll"
        " godkjent, publisert: i den rekkefølgen).",
        "The meeting cannot take this step from where it stands (planned, called, held, minutes"
        " approved, published: in that order).",
    ),
    "error.result_before_meeting": (
        "Resultater og protokoll registreres når møtet har vært.",
        "Results and minutes are recorded once the meeting has taken place.",
    ),
    "error.unknown_result": ("Ukjent resultat: {result}.", "Unknown result: {result}."),
    "error.case_on_agenda": (
        "Saken «{case}» står allerede på sakslisten.",
        "The case “{case}” is already on the agenda.",
    ),
    "error.agenda_case_or_heading": (
        "Et punkt på sakslisten er enten en sak eller en overskrift.",
        "An agenda item is either a case or a heading.",
    ),
    "error.closed_basis_no_paragraph": (
        "Oppgi lovhjemmelen for å lukke behandlingen med paragraf, for eksempel «kommuneloven § 11-5 andre"
        " ledd bokstav b, jf. offentleglova § 13».",
        "Give the legal basis for closing the item with its section, for example «kommuneloven § 11-5 andre"
        " ledd bokstav b, jf. offentleglova § 13».",
    ),
    "meeting.agenda.closed": ("Lukket behandling", "Closed item"),
    "meeting.agenda.closed_note": (
        "Behandles for lukkede dører ({basis}). Den offentlige visningen viser bare «Unntatt offentlighet»"
        " med hjemmelen, ikke tittel, sak eller vedtak.",
        "Considered behind closed doors ({basis}). The public view shows only «Unntatt offentlighet» with the"
        " basis, not the title, case or decision.",
    ),
    "meeting.agenda.close_help": (
        "Et møte i et folkevalgt organ er åpent. Lukk bare behandlingen av en sak når loven krever eller"
        " tillater det (kommuneloven § 11-5), og oppgi hjemmelen: den vises offentlig i stedet for tittelen."
        " Vanlige hjemler: {common}.",
        "A meeting of an elected body is open. Close an item only where the law requires or allows it"
        " (kommuneloven § 11-5), and give the basis: it is shown publicly in place of the title."
        " Common bases: {common}.",
    ),
    "meeting.agenda.close": ("Lukk behandlingen", "Close the item"),
    "meeting.agenda.closed_done": (
        "Punktet behandles for lukkede dører.",
        "The item is considered behind closed doors.",
    ),
    "meeting.agenda.open": ("Åpne behandlingen", "Open the item"),
    "meeting.agenda.opened_done": ("Punktet er åpent for offentligheten.", "The item is open to the public."),
    "error.agenda_edge": (
        "Punktet kan ikke flyttes lenger den veien.",
        "The item cannot move further that way.",
    ),
    "error.agenda_item_has_result": (
        "Punktet har et resultat og blir stående som en del av protokollen.",
        "The item has a result and stays as part of the record.",
    ),
    "error.agenda_heading_no_result": ("En overskrift har ikke noe resultat.", "A heading has no result."),
    "error.attendance_twice": ("En person er ført opp to ganger.", "A person is listed twice."),
    # Field names
    "field.meeting_day": ("Dato", "Date"),
    "field.starts_at": ("Begynner", "Starts"),
    "field.ends_at": ("Slutter", "Ends"),
    "field.place": ("Sted", "Place"),
    "field.meeting_title": ("Tittel (valgfritt)", "Title (optional)"),
    "field.minutes": ("Protokoll", "Minutes"),
    "field.heading": ("Overskrift", "Heading"),
    "field.closed_basis": ("Hjemmel for lukket behandling", "Legal basis for the closed item"),
    "field.result_text": ("Vedtak / merknad", "Decision / remark"),
    "field.result": ("Resultat", "Result"),
    "meeting.agenda.number": ("Saksnummer i organet", "Case number in the body"),
    "meeting.agenda.number_help": (
        "Neste ledige nummer i organets serie er {label}. Du kan skrive et annet ledig nummer.",
        "The next free number in the body's series is {label}. You may type another free number.",
    ),
    "meeting.result.votes_for": ("Stemmer for (valgfritt)", "Votes for (optional)"),
    "meeting.result.votes_against": ("Stemmer mot (valgfritt)", "Votes against (optional)"),
}
