"""Messages about whom input speaks for: the units a member represents, and input that does not count."""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.unit_not_represented": (
        "Du representerer ikke {unit} i {body}, og kan derfor ikke gi innspill på vegne av enheten. "
        "Innspill som kommer fra en enhet på annen måte (for eksempel et brev fra en kommune), "
        "registreres av sekretariatet.",
        "You do not represent {unit} in {body}, so you cannot give input on its behalf. Input that "
        "comes from a unit in another way (a letter from a municipality, say) is registered by the "
        "secretariat.",
    ),
    # The input's history (audit trail) names the mark by this.
    "field.registered_by_secretariat": ("Registrert av sekretariatet", "Registered by the secretariat"),
    "input.unit_help.member": (
        "Du kan gi innspill på vegne av enheten du representerer i gruppen, eller som deg selv.",
        "You can give input on behalf of the unit you represent in the group, or as yourself.",
    ),
    "input.unit_help.secretariat": (
        "Som sekretariat kan du registrere innspill på vegne av hvilken som helst enhet, for eksempel "
        "et brev fra en kommune.",
        "As the secretariat you can register input on behalf of any unit, such as a letter from a "
        "municipality.",
    ),
    "advice.completeness.not_counted": (
        "Ikke talt med: {units} (den som ga innspillet, representerte ikke enheten i gruppen den dagen).",
        "Not counted: {units} (whoever gave the input did not represent the unit in the group that day).",
    ),
}
