"""Messages of forfall and the coverage forecast outside the meeting page: the overview and the calendar."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The coordinator's overview: forfall to follow up
    "forecast.handle.title": ("Forfall som må følges opp ({count})", "Apologies to follow up ({count})"),
    "forecast.handle.help": (
        "Meldte forfall til kommende møter der ingen vara har sagt ja ennå. Åpne møtet for å kalle inn vara.",
        "Apologies for coming meetings where no substitute has agreed yet. Open the meeting to call one in.",
    ),
    "forecast.handle.none": (
        "Ingen forfall venter på vara.",
        "No apologies are waiting for a substitute.",
    ),
    "forecast.state.none": ("Ingen vara innkalt", "No substitute called in"),
    "forecast.state.pending": ("Vara spurt, venter på svar", "Substitute asked, awaiting answer"),
    "forecast.state.declined": ("Vara kan ikke, kall inn neste", "Substitute cannot come, call the next"),
    "forecast.col.when": ("Møte", "Meeting"),
    "forecast.col.body": ("Organ", "Body"),
    "forecast.col.person": ("Forfall fra", "Apologies from"),
    "forecast.col.reason": ("Årsak", "Reason"),
    "forecast.col.state": ("Vara", "Substitute"),
    "forecast.handle.link": ("Forfall fra {person}: {body} {date}", "Apologies from {person}: {body} {date}"),
    # The coordinator's overview: meetings that will lack coverage
    "forecast.gaps.title": (
        "Møter med manglende dekning de neste {days} dagene ({count})",
        "Meetings lacking coverage in the next {days} days ({count})",
    ),
    "forecast.gaps.help": (
        "Etter medlemskap, meldte forfall og vara som er innkalt: enhetene som ikke blir representert.",
        "Given memberships, reported apologies and substitutes called in: the units that will not be "
        "represented.",
    ),
    "forecast.gaps.none": (
        "Alle møter de neste {days} dagene ser ut til å bli dekket.",
        "All meetings in the next {days} days look covered.",
    ),
    "forecast.col.covered": ("Dekket", "Covered"),
    "forecast.col.missing": ("Mangler", "Missing"),
    "forecast.col.vara_asked": ("Vara spurt", "Substitutes asked"),
    "forecast.col.quorum": ("Vedtaksfør", "Quorum"),
    "forecast.covered_of": ("{covered} av {expected}", "{covered} of {expected}"),
    "forecast.no_quorum": (
        "Ikke vedtaksfør etter meldte forfall: {present} av {required}",
        "Not quorate on the replies so far: {present} of {required}",
    ),
    "forecast.no_quorum_at": (
        "{body} {date}: ikke vedtaksfør etter meldte forfall, {present} av {required} medlemmer som må være "
        "til stede.",
        "{body} {date}: not quorate on the replies so far, {present} of the {required} members who must "
        "be present.",
    ),
    "forecast.gaps.link": ("{body} {date}", "{body} {date}"),
    # A member's own meetings: report and withdraw forfall
    "forecast.my.title": ("Forfall til dine neste møter", "Apologies for your next meetings"),
    "forecast.my.help": (
        "Meld forfall til et møte du ikke kan komme på, med årsak. Sekretariatet ser det straks og "
        "kaller inn vara.",
        "Report apologies for a meeting you cannot attend, with the reason. The secretariat sees them at "
        "once and calls in a substitute.",
    ),
    "forecast.my.none": ("Ingen møter de neste {days} dagene.", "No meetings in the next {days} days."),
    "forecast.my.reported": ("Forfall meldt ({reason})", "Apologies reported ({reason})"),
    "forecast.my.vara": ("vara: {name}", "substitute: {name}"),
    "forecast.my.reason": ("Årsak til forfall", "Reason for apologies"),
    "forecast.my.reason_help": (
        "Gjelder hele møtet. For deler av møtet: meld fra på møtesiden.",
        "For the whole meeting. For part of it: report on the meeting page.",
    ),
    "forecast.my.report": ("Meld forfall", "Report apologies"),
    "forecast.my.withdraw": ("Trekk tilbake forfallet", "Withdraw the apologies"),
    "forecast.my.reported_done": (
        "Forfallet er meldt til {body} {date}.",
        "Apologies reported: {body} {date}.",
    ),
    "forecast.my.withdrawn_done": (
        "Forfallet til {body} {date} er trukket tilbake.",
        "Apologies withdrawn: {body} {date}.",
    ),
    "forecast.my.shown_of": (
        "Viser de {shown} første av {total} møter.",
        "Showing the first {shown} of {total}.",
    ),
    # The calendar's list
    "calendar.col.coverage": ("Dekning", "Coverage"),
    "calendar.col.coverage_help": (
        "Kommende møter: enheter som blir representert etter meldte forfall og vara, av enhetene organet "
        "skal dekke.",
        "Coming meetings: units that will be represented given apologies and substitutes, of those the "
        "body is expected to cover.",
    ),
    "calendar.col.missing": ("Mangler", "Missing"),
    "calendar.col.quorum": ("Vedtaksfør?", "Quorate?"),
    "calendar.no_quorum": (
        "Ikke vedtaksfør? {present} av {required}",
        "Not quorate? {present} of {required}",
    ),
}
