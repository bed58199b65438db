"""Messages of the charts' text alternatives (the key figure in words, the table) and of the marks that
say in words what a colour shows (the calendar's today and other months)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "chart_text.show_table": ("Vis som tabell", "Show as table"),
    # Projects per status: the overview (every project) and the pipeline (its filters).
    "chart_text.statuses.all": ("Prosjekter i alt: {total}. {parts}.", "Projects in all: {total}. {parts}."),
    "chart_text.statuses.chosen": (
        "Prosjekter i utvalget: {total}. {parts}.",
        "Projects selected: {total}. {parts}.",
    ),
    "chart_text.statuses.none": ("Ingen prosjekter.", "No projects."),
    "chart_text.timeline.words": (
        "Prosjekter på tidslinjen: {count} ({parts}). Forfalte milepæler: {overdue}.",
        "Projects on the timeline: {count} ({parts}). Overdue milestones: {overdue}.",
    ),
    "chart_text.milestone.due": ("{title} ({date})", "{title} ({date})"),
    "chart_text.milestone.overdue": ("{title} ({date}, forfalt)", "{title} ({date}, overdue)"),
    "chart_text.strategy.words": (
        "{active} av {points} delmål har aktive prosjekter (planlagt eller pågår); {idle} har ingen.",
        "{active} of {points} goals have active projects (planned or ongoing); {idle} have none.",
    ),
    # Coverage.
    "chart_text.groups.words": (
        "Lavest dekning har {body}: {covered} av {expected} enheter er dekket; {missing} mangler.",
        "Lowest coverage: {body}, {covered} of {expected} units covered; {missing} missing.",
    ),
    "chart_text.units.words": (
        "{covered} av {expected} enheter er dekket i {body}; {missing} mangler.",
        "{covered} of {expected} units are covered in {body}; {missing} missing.",
    ),
    "chart_text.units.unresolved": ("{count} er uavklart.", "{count} not yet known."),
    "chart_text.months.words": (
        "{date}: {covered} av {expected} enheter dekket ({share}). Lavest: {lowest} ({lowest_date}).",
        "{date}: {covered} of {expected} units covered ({share}). Lowest: {lowest} ({lowest_date}).",
    ),
    "chart_text.cover.direct": ("dekket", "covered"),
    "chart_text.cover.indirect": ("dekket via kommune", "covered through a municipality"),
    "chart_text.cover.unresolved": ("uavklart", "not yet known"),
    "chart_text.cover.missing": ("mangler", "missing"),
    "chart_text.cover.represented": ("representerer delregionen", "represents the sub-region"),
    # The tables' column headings.
    "chart_text.col.status": ("Status", "Status"),
    "chart_text.col.projects": ("Prosjekter", "Projects"),
    "chart_text.col.project": ("Prosjekt", "Project"),
    "chart_text.col.start": ("Start", "Start"),
    "chart_text.col.end": ("Slutt", "End"),
    "chart_text.col.progress": ("Fremdrift (%)", "Progress (%)"),
    "chart_text.col.milestones": ("Milepæler", "Milestones"),
    "chart_text.col.point": ("Delmål", "Goal"),
    "chart_text.col.group": ("Faggruppe", "Expert group"),
    "chart_text.col.covered": ("Dekket", "Covered"),
    "chart_text.col.expected": ("Forventet", "Expected"),
    "chart_text.col.share": ("Andel dekket (%)", "Share covered (%)"),
    "chart_text.col.unit": ("Enhet", "Unit"),
    "chart_text.col.kind": ("Type", "Kind"),
    "chart_text.col.cover": ("Dekning", "Coverage"),
    "chart_text.col.people": ("Representert ved", "Represented by"),
    "chart_text.col.month": ("Måned", "Month"),
    # The calendar: today and the days of the months around are told in words, not by colour alone.
    "chart_text.calendar.today": ("{day} – i dag", "{day} – today"),
}
