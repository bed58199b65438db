"""Messages of the accessibility statement's page and of its place under the login form."""

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.accessibility": ("Tilgjengelighet", "Accessibility"),
    "accessibility.title": ("Tilgjengelighetserklæring", "Accessibility statement"),
    "accessibility.report": ("Meld fra om feil og mangler", "Report a problem"),
    "accessibility.report_secretariat": (
        "til sekretariatet for Osloregionen",
        "to the secretariat of Osloregionen",
    ),
    "accessibility.in_norwegian": (
        "Erklæringen er skrevet på bokmål.",
        "The statement is written in Norwegian (bokmål), as the Norwegian regulations have it.",
    ),
}
