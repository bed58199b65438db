"""Messages of the search: the box in the sidebar, the search page, and the kinds of record found."""

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.search": ("Søk", "Search"),
    "search.title": ("Søk", "Search"),
    "search.box": ("Søk etter", "Search for"),
    "search.placeholder": (
        "Saksnummer, tittel, navn, møte, dokument …",
        "Case number, title, name, meeting, document …",
    ),
    "search.sidebar.box": ("Søk i alt", "Search everything"),
    "search.help": (
        "Søk i saker (også på saksnummer som 48/20), prosjekter, møter, personer, enheter, råd, "
        "vedtak, innspill og dokumenter. Navn finnes også med små skrivefeil.",
        "Search cases (also by case number, such as 48/20), projects, meetings, persons, units, "
        "advice, decisions, input and documents. Names are found despite small misspellings.",
    ),
    "search.none": ("Ingen treff på «{query}».", "No results for “{query}”."),
    "search.count": ("Viser {shown} av {total} treff.", "Showing {shown} of {total} results."),
    "search.count_more": (
        "Viser {shown} av over {total} treff. Skriv flere ord for å få færre treff.",
        "Showing {shown} of more than {total} results. Type more words to narrow them down.",
    ),
    "search.col.kind": ("Type", "Kind"),
    "search.col.title": ("Treff", "Result"),
    "search.col.context": ("Utdrag", "Context"),
    "search.col.link": ("Lenke", "Link"),
    "search.open": ("Åpne", "Open"),
    "search.more": ("Vis flere", "Show more"),
    "search.kind.case": ("Sak", "Case"),
    "search.kind.project": ("Prosjekt", "Project"),
    "search.kind.meeting": ("Møte", "Meeting"),
    "search.kind.person": ("Person", "Person"),
    "search.kind.unit": ("Enhet", "Unit"),
    "search.kind.advice": ("Råd", "Advice"),
    "search.kind.decision": ("Vedtak", "Decision"),
    "search.kind.input": ("Innspill", "Input"),
    "search.kind.document": ("Dokument", "Document"),
}
