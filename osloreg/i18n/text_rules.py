"""Messages of the rules for one-line text (names and titles): invisible and direction characters."""

MESSAGES = {
    "error.invisible_characters": (
        "Feltet «{field}» inneholder usynlige tegn som snur tekstretningen eller skjuler hva som står "
        "der (de følger ofte med kopiert tekst). Skriv inn teksten på nytt i stedet for å lime den inn.",
        "The field “{field}” contains invisible characters that turn the direction of the text or hide "
        "what it says (they often come along with copied text). Type the text in again instead of "
        "pasting it.",
    ),
}
