"""Messages of the overview page (Oversikt): what needs you now, by role, and the overall status."""

MESSAGES: dict[str, tuple[str, str]] = {
    "overview.intro": ("Status per {date}.", "As of {date}."),
    "overview.shown_of": ("Viser {shown} av {total}.", "Showing {shown} of {total}."),
    "overview.basis_note": (
        "«Kilde» viser om en opplysning er dokumentert, usikker eller fiktiv (laget for demoen).",
        "“Basis” shows whether a fact is sourced, uncertain or made up for the demo.",
    ),
    # The director
    "overview.director.title": ("Råd som venter på din beslutning", "Advice awaiting your decision"),
    "overview.director.pending": ("Venter på beslutning", "Awaiting a decision"),
    "overview.director.overdue": ("Over fristen", "Overdue"),
    "overview.director.oldest": ("Eldste innsending", "Oldest submitted"),
    "overview.director.queue": (
        "De første i køen: først de som er over fristen, deretter de eldste.",
        "First in the queue: overdue first, then the oldest.",
    ),
    "overview.director.none": ("Ingen råd venter på beslutning.", "No advice is awaiting a decision."),
    # A coordinator
    "overview.coordinator.title": ("Til oppfølging", "To follow up"),
    "overview.coordinator.attention": (
        "Prosjekter som trenger oppfølging ({count})",
        "Projects needing attention ({count})",
    ),
    "overview.coordinator.attention_none": (
        "Ingen åpne prosjekter trenger oppfølging.",
        "No open project needs attention.",
    ),
    "overview.coordinator.stalled": ("Saker som står stille ({count})", "Stalled cases ({count})"),
    "overview.coordinator.stalled_help": (
        "Ikke behandlet på {weeks} uker, selv om en ny behandling er planlagt eller saken ble sendt tilbake "
        "eller utsatt.",
        "Not considered for {weeks} weeks although another consideration is planned, or the case was sent "
        "back or postponed.",
    ),
    "overview.coordinator.stalled_none": ("Ingen saker står stille.", "No cases are stalled."),
    "overview.coordinator.no_agenda": (
        "Møter de neste {days} dagene uten saksliste ({count})",
        "Meetings in the next {days} days without an agenda ({count})",
    ),
    "overview.coordinator.no_agenda_none": (
        "Alle møter de neste {days} dagene har saksliste.",
        "Every meeting in the next {days} days has an agenda.",
    ),
    # A member
    "overview.member.title": ("Dine organer", "Your bodies"),
    "overview.member.no_person": (
        "Brukeren din er ikke koblet til en person, så vi vet ikke hvilke organer du er med i. "
        "Be en koordinator om å koble den.",
        "Your user is not linked to a person, so we do not know which bodies you belong to. "
        "Ask a coordinator to link it.",
    ),
    "overview.member.no_bodies": (
        "Du er ikke medlem av noe organ akkurat nå.",
        "You are not a member of any body at the moment.",
    ),
    "overview.member.meetings": ("Dine neste møter", "Your next meetings"),
    "overview.member.no_meetings": ("Ingen kommende møter.", "No upcoming meetings."),
    "overview.member.subjects": (
        "Åpent i organene dine: råd under arbeid og nye innspill",
        "Open in your bodies: advice in progress and recent input",
    ),
    "overview.member.no_subjects": (
        "Ingen råd under arbeid og ingen nye innspill.",
        "No advice in progress and no recent input.",
    ),
    # Everyone
    "overview.shared.title": ("Samlet status", "Overall status"),
    "overview.shared.projects": ("Prosjekter etter status", "Projects by status"),
    "overview.shared.meetings_month": ("Møter denne måneden ({count})", "Meetings this month ({count})"),
    "overview.shared.no_meetings_month": ("Ingen møter denne måneden.", "No meetings this month."),
    "overview.shared.coverage": ("Dekning i faggruppene i dag", "Coverage of the expert groups today"),
    "overview.shared.coverage_help": (
        "Andelen av delregionene, fylkeskommunene som er medlemmer, og Oslo som har en representant i "
        "faggruppen, direkte eller gjennom en av kommunene sine.",
        "The share of the sub-regions, the member county councils and Oslo that have a representative in "
        "the group, directly or through one of their municipalities.",
    ),
    "overview.shared.coverage_least": (
        "Viser de {shown} av {total} faggrupper med lavest dekning.",
        "Showing the {shown} of {total} expert groups with the least coverage.",
    ),
    "overview.shared.no_groups": ("Ingen aktive faggrupper.", "No active expert groups."),
    "overview.axis.count": ("Antall", "Number"),
    "overview.axis.share": ("Andel dekket", "Share covered"),
    # Columns
    "overview.col.title": ("Tittel", "Title"),
    "overview.col.group": ("Faggruppe", "Expert group"),
    "overview.col.body": ("Organ", "Body"),
    "overview.col.submitted": ("Sendt inn", "Submitted"),
    "overview.col.days_waiting": ("Dager i kø", "Days waiting"),
    "overview.col.target": ("Frist", "Target date"),
    "overview.col.overdue": ("Over fristen", "Overdue"),
    "overview.col.basis": ("Kilde", "Basis"),
    "overview.col.status": ("Status", "Status"),
    "overview.col.start": ("Oppstart", "Start"),
    "overview.col.case": ("Sak", "Case"),
    "overview.col.weeks_idle": ("Uker uten behandling", "Weeks without consideration"),
    "overview.col.last_treated": ("Sist behandlet", "Last considered"),
    "overview.col.last_body": ("Sist behandlet av", "Last considered by"),
    "overview.col.result": ("Resultat", "Result"),
    "overview.col.next_body": ("Neste behandling i", "Next considered by"),
    "overview.col.next_date": ("Planlagt", "Planned for"),
    "overview.col.when": ("Tidspunkt", "When"),
    "overview.col.place": ("Sted", "Place"),
    "overview.col.role": ("Rolle", "Role"),
    "overview.col.kind": ("Type", "Type"),
    "overview.col.state": ("Status", "Status"),
    "overview.col.date": ("Dato", "Date"),
    "overview.col.text": ("Tittel / innspill", "Title / input"),
    "overview.col.count": ("Antall møter", "Meetings"),
    "overview.col.covered": ("Dekket", "Covered"),
    "overview.col.share": ("Dekning", "Coverage"),
    "overview.col.missing_units": ("Uten representant", "Without a representative"),
    "overview.col.size": ("Medlemmer", "Members"),
    "overview.col.leader": ("Leder", "Leader"),
    "overview.col.deputy": ("Nestleder", "Deputy"),
    # Values
    "overview.result.endorsed": ("sluttet seg til", "endorsed"),
    "overview.result.endorsed_with_changes": ("sluttet seg til med endringer", "endorsed with changes"),
    "overview.result.returned": ("sendt tilbake", "sent back"),
    "overview.result.postponed": ("utsatt", "postponed"),
    "overview.result.noted": ("tatt til orientering", "noted"),
    "overview.result.rejected": ("sluttet seg ikke til forslaget", "did not endorse the proposal"),
    "overview.state.draft": ("utkast", "draft"),
    "overview.state.submitted": ("sendt inn", "submitted"),
    "overview.kind.advice": ("Råd", "Advice"),
    "overview.kind.input": ("Innspill", "Input"),
    "overview.member_role.leader": ("leder", "leader"),
    "overview.member_role.deputy": ("nestleder", "deputy"),
    "overview.member_role.member": ("medlem", "member"),
    "overview.member_role.observer": ("observatør", "observer"),
    "overview.member_role.secretary": ("sekretær", "secretary"),
    "overview.member_role.substitute": ("vara", "substitute"),
    # Links to the pages that complete each section (shown once those pages exist)
    "overview.link.decisions": ("Til beslutningene", "To the decisions"),
    "overview.link.pipeline": ("Til prosjektene", "To the projects"),
    "overview.link.pipeline_attention": (
        "Til prosjektene som trenger oppfølging",
        "To the projects needing attention",
    ),
    "overview.link.cases": ("Til sakene", "To the cases"),
    "overview.link.calendar": ("Til møtekalenderen", "To the meeting calendar"),
    "overview.link.coverage": ("Til dekningen", "To coverage"),
    "overview.member.answers": ("Svar på innspillene dine", "Answers to your input"),
    "overview.col.outcome": ("Utfall", "Outcome"),
    "overview.col.rationale": ("Begrunnelse", "Rationale"),
    "overview.col.decided": ("Besluttet", "Decided"),
    "overview.link.input": ("Se alle innspillene dine", "See all your input"),
}
