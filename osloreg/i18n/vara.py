"""Messages of vara memberships: the membership form's vara fields, the vara list, imports, refusals."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The membership form and the members tab (coverage page).
    "vara.order": ("Varanummer", "Order"),
    "vara.order_help": (
        "1 for første vara for enheten, 2 for andre vara, og så videre. Tomt for en personlig vara.",
        "1 for the unit's first substitute, 2 for the second, and so on. Blank for a personal substitute.",
    ),
    "vara.for_person": ("Personlig vara for", "Personal substitute for"),
    "vara.for_none": ("Ingen (vara for enheten)", "No one (the unit's substitute)"),
    "vara.for_help": (
        "Velg medlemmet når varaen er personlig vara (som i styret). Varaen representerer da medlemmets "
        "enhet.",
        "Choose the member when this is a personal substitute (as on the board). The substitute then "
        "represents the member's unit.",
    ),
    "vara.section": ("Vararepresentanter ({count})", "Substitutes ({count})"),
    "vara.section_help": (
        "Vara teller ikke med i dekningen eller i antall medlemmer før de blir kalt inn til et møte.",
        "Substitutes do not count towards coverage or the number of members until called in to a meeting.",
    ),
    "vara.col.for": ("Vara for", "Substitute for"),
    "vara.col.order": ("Nr.", "No."),
    "vara.col.term": ("Periode", "Term"),
    "vara.personal": ("personlig vara for {person}", "personal substitute for {person}"),
    "vara.export_sheet": ("Vara", "Substitutes"),
    # The audit trail's names of the new columns.
    "field.substitute_order": ("Varanummer", "Substitute order"),
    "field.substitute_for_person_id": ("Personlig vara for", "Personal substitute for"),
    # Import of memberships: the new columns (header nb, header en; help nb, help en).
    "import.col.memberships.substitute_order": ("Varanummer", "Substitute order"),
    "import.help.memberships.substitute_order": (
        "For en vara for en enhet: 1 for første vara, 2 for andre, og så videre.",
        "For a unit's substitute: 1 for the first substitute, 2 for the second, and so on.",
    ),
    "import.col.memberships.substitute_for": ("Personlig vara for", "Personal substitute for"),
    "import.help.memberships.substitute_for": (
        "For en personlig vara: medlemmets navn eller e-postadresse. Tomt for en vara for en enhet.",
        "For a personal substitute: the member's name or e-mail address. Blank for a unit's substitute.",
    ),
    # Refusals.
    "error.substitute_fields_only": (
        "Bare en vara har varanummer eller er personlig vara for et medlem.",
        "Only a substitute has an order or is a member's personal substitute.",
    ),
    "error.substitute_both": (
        "En vara er enten vara for en enhet, med varanummer, eller personlig vara for ett medlem, ikke "
        "begge deler.",
        "A substitute is either a unit's, with an order, or one member's personal substitute, not both.",
    ),
    "error.substitute_for_self": (
        "En person kan ikke være vara for seg selv.",
        "A person cannot be their own substitute.",
    ),
    "error.substitute_needs_unit": (
        "Velg enheten varaen er vara for, eller medlemmet varaen er personlig vara for.",
        "Choose the unit the substitute stands in for, or the member whose personal substitute they are.",
    ),
    "error.substitute_order_missing": (
        "Skriv varanummeret: 1 for første vara, 2 for andre vara, og så videre.",
        "Enter the order: 1 for the first substitute, 2 for the second, and so on.",
    ),
    "error.substitute_order_invalid": (
        "Varanummeret må være et helt tall fra 1 og oppover, ikke «{value}».",
        "The order must be a whole number from 1 up, not “{value}”.",
    ),
    "error.substitute_for_not_member": (
        "{person} er ikke leder, nestleder eller medlem av organet {date}, og kan ikke ha personlig vara da.",
        "{person} is not leader, deputy or member of the body on {date}, so cannot have a personal "
        "substitute then.",
    ),
    "error.substitute_order_taken": (
        "{person} er allerede vara nr. {order} for {unit} (fra {start}). Velg et annet varanummer, eller "
        "avslutt det andre vervet først.",
        "{person} is already substitute no. {order} for {unit} (from {start}). Choose another order, or "
        "end that term first.",
    ),
    "error.substitute_unit_differs": (
        "En personlig vara representerer samme enhet som medlemmet: {person} representerer {unit}.",
        "A personal substitute represents the member's unit: {person} represents {unit}.",
    ),
}
