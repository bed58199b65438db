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
        "Søk i saker (også på saksnummer som 48/20, og i innstilling og vedtak), prosjekter, møter, "
        "personer, enheter, råd, direktørens beslutninger, innspill og dokumenter. Navn finnes også "
        "med små skrivefeil.",
        "Search cases (also by case number, such as 48/20, and in their recommendation and decision), "
        "projects, meetings, persons, units, advice, the director's decisions, input and documents. "
        "Names are found despite small misspellings.",
    ),
    "search.cut_chars": (
        "Bare de første {max} tegnene av søket er brukt.",
        "Only the first {max} characters of the search are used.",
    ),
    "search.cut_words": (
        "Bare de første {max} ordene av søket er brukt.",
        "Only the first {max} words of the search are used.",
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
    # The director's decision on an advice item, as the Beslutninger page calls it; a body's vedtak is
    # part of its case and found with the case.
    "search.kind.decision": ("Beslutning", "Decision"),
    "search.kind.input": ("Innspill", "Input"),
    "search.kind.document": ("Dokument", "Document"),
}
