"""What OParl 1.1 asks of each object type: its required properties and each property's JSON type."""

# Transcribed from the OParl specification v1.1.1 (git tag v1.1.1 of github.com/OParl/spec), the files
# schema/<Type>.json ("required" and each property's "type"); created and modified are required of
# every type by src/3-01-eigenschaften-mit-verwendung-in-mehreren-objekttypen.md.

from __future__ import annotations

# Every type has these (section 3-01); created and modified are required of every one of them.
EVERY_TYPE = ("id", "type", "created", "modified")
REQUIRED: dict[str, tuple[str, ...]] = {
    "System": (*EVERY_TYPE, "oparlVersion", "body"),
    "Body": (*EVERY_TYPE, "name", "organization", "person", "meeting", "paper", "legislativeTerm"),
    "Organization": EVERY_TYPE,
    "Person": EVERY_TYPE,
    "Membership": EVERY_TYPE,
    "Meeting": EVERY_TYPE,
    "AgendaItem": (*EVERY_TYPE, "order"),
    "Consultation": EVERY_TYPE,
    "Paper": EVERY_TYPE,
    "File": (*EVERY_TYPE, "accessUrl"),
}

# property -> (JSON type, type of an array's items or None); first those every type has.
SHARED: dict[str, tuple[str, str | None]] = {
    "id": ("string", None),
    "type": ("string", None),
    "license": ("string", None),
    "created": ("string", None),
    "modified": ("string", None),
    "web": ("string", None),
    "deleted": ("boolean", None),
}
PROPERTIES: dict[str, dict[str, tuple[str, str | None]]] = {
    "System": {
        **SHARED,
        "oparlVersion": ("string", None),
        "otherOparlVersions": ("array", "string"),
        "body": ("string", "object"),
        "name": ("string", None),
        "contactEmail": ("string", None),
        "contactName": ("string", None),
        "website": ("string", None),
        "vendor": ("string", None),
        "product": ("string", None),
    },
    "Body": {
        **SHARED,
        "system": ("string", None),
        "shortName": ("string", None),
        "name": ("string", None),
        "website": ("string", None),
        "licenseValidSince": ("string", None),
        "oparlSince": ("string", None),
        "ags": ("string", None),
        "rgs": ("string", None),
        "equivalent": ("array", "string"),
        "contactEmail": ("string", None),
        "contactName": ("string", None),
        "organization": ("string", "object"),
        "person": ("string", "object"),
        "meeting": ("string", "object"),
        "paper": ("string", "object"),
        "legislativeTerm": ("array", "object"),
        "agendaItem": ("string", "object"),
        "consultation": ("string", "object"),
        "file": ("string", "object"),
        "locationList": ("string", "object"),
        "legislativeTermList": ("string", "object"),
        "membership": ("string", "object"),
        "classification": ("string", None),
        "location": ("object", None),
        "keyword": ("array", "string"),
    },
    "Organization": {
        **SHARED,
        "body": ("string", None),
        "name": ("string", None),
        "membership": ("array", "string"),
        "meeting": ("string", "object"),
        "consultation": ("string", "object"),
        "shortName": ("string", None),
        "post": ("array", "string"),
        "subOrganizationOf": ("string", None),
        "organizationType": ("string", None),
        "classification": ("string", None),
        "startDate": ("string", None),
        "endDate": ("string", None),
        "website": ("string", None),
        "location": ("object", None),
        "externalBody": ("string", None),
        "keyword": ("array", "string"),
    },
    "Person": {
        **SHARED,
        "body": ("string", None),
        "name": ("string", None),
        "familyName": ("string", None),
        "givenName": ("string", None),
        "formOfAddress": ("string", None),
        "affix": ("string", None),
        "title": ("array", "string"),
        "gender": ("string", None),
        "phone": ("array", "string"),
        "email": ("array", "string"),
        "location": ("string", None),
        "locationObject": ("object", None),
        "status": ("array", "string"),
        "membership": ("array", "object"),
        "life": ("string", None),
        "lifeSource": ("string", None),
        "keyword": ("array", "string"),
    },
    "Membership": {
        **SHARED,
        "person": ("string", None),
        "organization": ("string", None),
        "role": ("string", None),
        "votingRight": ("boolean", None),
        "startDate": ("string", None),
        "endDate": ("string", None),
        "onBehalfOf": ("string", None),
        "keyword": ("array", "string"),
    },
    "Meeting": {
        **SHARED,
        "name": ("string", None),
        "meetingState": ("string", None),
        "cancelled": ("boolean", None),
        "start": ("string", None),
        "end": ("string", None),
        "location": ("object", None),
        "organization": ("array", "string"),
        "participant": ("array", "string"),
        "invitation": ("object", None),
        "resultsProtocol": ("object", None),
        "verbatimProtocol": ("object", None),
        "auxiliaryFile": ("array", "object"),
        "agendaItem": ("array", "object"),
        "keyword": ("array", "string"),
    },
    "AgendaItem": {
        **SHARED,
        "meeting": ("string", None),
        "number": ("string", None),
        "order": ("integer", None),
        "name": ("string", None),
        "public": ("boolean", None),
        "consultation": ("string", None),
        "result": ("string", None),
        "resolutionText": ("string", None),
        "resolutionFile": ("object", None),
        "auxiliaryFile": ("array", "object"),
        "start": ("string", None),
        "end": ("string", None),
        "keyword": ("array", "string"),
    },
    "Consultation": {
        **SHARED,
        "paper": ("string", None),
        "agendaItem": ("string", None),
        "meeting": ("string", None),
        "organization": ("array", "string"),
        "authoritative": ("boolean", None),
        "role": ("string", None),
        "keyword": ("array", "string"),
    },
    "Paper": {
        **SHARED,
        "body": ("string", None),
        "name": ("string", None),
        "reference": ("string", None),
        "date": ("string", None),
        "paperType": ("string", None),
        "relatedPaper": ("array", "string"),
        "superordinatedPaper": ("array", "string"),
        "subordinatedPaper": ("array", "string"),
        "mainFile": ("object", None),
        "auxiliaryFile": ("array", "object"),
        "location": ("array", "object"),
        "originatorPerson": ("array", "string"),
        "underDirectionOf": ("array", "string"),
        "originatorOrganization": ("array", "string"),
        "consultation": ("array", "object"),
        "keyword": ("array", "string"),
    },
    "File": {
        **SHARED,
        "name": ("string", None),
        "fileName": ("string", None),
        "mimeType": ("string", None),
        "date": ("string", None),
        "size": ("integer", None),
        "sha1Checksum": ("string", None),
        "sha512Checksum": ("string", None),
        "text": ("string", None),
        "accessUrl": ("string", None),
        "downloadUrl": ("string", None),
        "externalServiceUrl": ("string", None),
        "masterFile": ("string", None),
        "derivativeFile": ("array", "string"),
        "fileLicense": ("string", None),
        "meeting": ("array", "string"),
        "agendaItem": ("array", "string"),
        "paper": ("array", "string"),
        "keyword": ("array", "string"),
    },
}

DELETED_REQUIRED = ("id", "type", "created", "modified", "deleted")

PYTHON_TYPES = {"string": str, "boolean": bool, "integer": int, "object": dict, "array": list}
PREFIX = "https://schema.oparl.org/1.1/"


def problems(obj: dict) -> list[str]:
    """What in one object (and in the objects embedded in it) differs from OParl 1.1; [] when nothing."""
    kind = str(obj.get("type", "")).removeprefix(PREFIX)
    if kind not in REQUIRED:
        return [f"unknown type {obj.get('type')!r}"]
    required = DELETED_REQUIRED if obj.get("deleted") is True else REQUIRED[kind]
    found = [f"{kind} {obj.get('id')}: {name} missing" for name in required if name not in obj]
    for name, value in obj.items():
        if ":" in name:
            continue  # a vendor's own property (OParl 1.1, Herstellerspezifische Erweiterungen)
        if name not in PROPERTIES[kind]:
            found.append(f"{kind}: {name} is no OParl property")
            continue
        json_type, item_type = PROPERTIES[kind][name]
        expected = PYTHON_TYPES[json_type]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            found.append(f"{kind}.{name}: {type(value).__name__}, not {json_type}")
            continue
        if isinstance(value, dict) and "type" in value:
            found += problems(value)
        if isinstance(value, list):
            for item in value:
                if item_type and not isinstance(item, PYTHON_TYPES[item_type]):
                    found.append(f"{kind}.{name}[]: {type(item).__name__}, not {item_type}")
                if isinstance(item, dict):
                    found += problems(item)
    return found
