"""Messages of the change history shown on the project, meeting and case pages."""

MESSAGES: dict[str, tuple[str, str]] = {
    "history.col.when": ("Når", "When"),
    "history.col.by": ("Av", "By"),
    "history.col.action": ("Hva", "What"),
    "history.col.details": ("Endringer (før → etter)", "Changes (before → after)"),
    "history.yes": ("ja", "yes"),
    "history.no": ("nei", "no"),
}
