"""Messages of the forms: after an edit conflict (someone else saved the record first), and the words
of an empty select box."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The grey text of an empty select box (Streamlit's own is English), where no closer word fits
    "forms.choose_one": ("Velg", "Choose"),
    "forms.choose_any": ("Velg én eller flere", "Choose one or more"),
    "forms.conflict.merged": (
        "Skjemaet viser nå det som er lagret, med endringene dine beholdt. Se over og lagre på nytt.",
        "The form now shows what is saved, with your changes kept. Look it over and save again.",
    ),
    "forms.conflict.both_changed": (
        "Dere har begge endret {fields}. Skjemaet har beholdt det du skrev, og resten er hentet fra det "
        "som er lagret. Lagrer du på nytt, erstatter du det den andre lagret, som er:",
        "You have both changed {fields}. The form has kept what you wrote, and the rest is taken from "
        "what is saved. If you save again, you replace what the other person saved, which is:",
    ),
}
