"""Messages of a record's change history (its page, the audit trail) and the vocabulary of its codes."""

from osloreg import i18n

MESSAGES: dict[str, tuple[str, str]] = {
    "history.col.when": ("Når", "When"),
    "history.col.by": ("Av", "By"),
    "history.col.action": ("Hva", "What"),
    "history.col.details": ("Endringer (før → etter)", "Changes (before → after)"),
    "history.yes": ("ja", "yes"),
    "history.no": ("nei", "no"),
}

# Codes in each kind of record's history, and the catalogue prefix that puts them in words: one
# vocabulary for the record's own page and the admin's audit trail (entity -> field -> prefix).
CODED: dict[str, dict[str, str]] = {
    "project": {
        "status": "project_status",
        "from_status": "project_status",
        "to_status": "project_status",
        "checkpoint": "checkpoint",
        "kind": "checkpoint",
    },
    "meeting": {"status": "meeting_status", "result": "overview.result"},
    "case": {"role": "consultation_role", "result": "overview.result", "basis": "basis"},
    "body": {"role": "overview.member_role"},
    "advice": {"state": "advice_state", "outcome": "outcome", "subject_type": "subject_type"},
    "inputs": {"status": "input_status", "subject_type": "subject_type"},
    "users": {"roles": "role", "language": "language"},
}
# Codes any record's history may hold.
COMMON_CODED = {"basis": "basis"}

# The names of a case step's fields in its history (a case's own words; the rest are field.*).
CASE_FIELDS = {
    "body_id": "case.col.body",
    "meeting_id": "case.col.meeting",
    "sequence": "case.col.sequence",
    "result_text": "case.col.result_text",
    "role": "case.field.role",
    "authoritative": "case.field.authoritative",
    "treated_on": "case.field.treated_on",
    "result": "field.result",
}


def coded(entity: str) -> dict[str, str]:
    """The codes of one kind of record (its `entity` in the audit trail) and their prefixes."""
    return {**COMMON_CODED, **CODED.get(entity, {})}


def case_field_label(path: str, language: str) -> str:
    """ "path.2.body_id" -> "Steg 2: Organ"; "treatment.result" -> "Behandling: Resultat"."""
    known = i18n.catalogue()
    parts = path.split(".")
    name = parts[-1]
    key = CASE_FIELDS.get(name, f"field.{name}")
    field = i18n.translate(key, language) if key in known else name
    if len(parts) == 3 and parts[1].isdigit():
        return i18n.translate("case.history.step_field", language, number=parts[1], field=field)
    if len(parts) == 2 and f"case.history.part.{parts[0]}" in known:
        part = i18n.translate(f"case.history.part.{parts[0]}", language)
        return i18n.translate("case.history.part_field", language, part=part, field=field)
    return field
