"""What OParl 1.1 asks of each object type: its required properties and each property's JSON type."""

# Transcribed from the OParl specification v1.1.1 (git tag v1.1.1 of github.com/OParl/spec), the files
# schema/<Type>.json ("required" and each property's "type"); created and modified are required of
# every type by src/3-01-eigenschaften-mit-verwendung-in-mehreren-objekttypen.md.

from __future__ import annotations

REQUIRED: dict[str, tuple[str, ...]] = {
    "System": ("id", "type", "oparlVersion", "body", "created", "modified"),
    "Body": (
        "id",
        "type",
        "name",
        "organization",
        "person",
        "meeting",
        "paper",
        "legislativeTerm",
        "created",
        "modified",
    ),
    "Organization": ("id", "type", "created", "modified"),
    "Person": ("id", "type", "created", "modified"),
    "Membership": ("id", "type", "created", "modified"),
    "Meeting": ("id", "type", "created", "modified"),
    "AgendaItem": ("id", "type", "order", "created", "modified"),
    "Consultation": ("id", "type", "created", "modified"),
    "Paper": ("id", "type", "created", "modified"),
    "File": ("id", "type", "accessUrl", "created", "modified"),
}

# property -> (JSON type, type of an array's items or None)
PROPERTIES: dict[str, dict[str, tuple[str, str | None]]] = {
    "System": {
        "id": ("string", None),
        "type": ("string", None),
        "oparlVersion": ("string", None),
        "otherOparlVersions": ("array", "string"),
        "license": ("string", None),
        "body": ("string", "object"),
        "name": ("string", None),
        "contactEmail": ("string", None),
        "contactName": ("string", None),
        "website": ("string", None),
        "vendor": ("string", None),
        "product": ("string", None),
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
    "Body": {
        "id": ("string", None),
        "type": ("string", None),
        "system": ("string", None),
        "shortName": ("string", None),
        "name": ("string", None),
        "website": ("string", None),
        "license": ("string", None),
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
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
    "Organization": {
        "id": ("string", None),
        "type": ("string", None),
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
        "license": ("string", None),
        "keyword": ("array", "string"),
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
    "Person": {
        "id": ("string", None),
        "type": ("string", None),
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
        "license": ("string", None),
        "keyword": ("array", "string"),
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
    "Membership": {
        "id": ("string", None),
        "type": ("string", None),
        "person": ("string", None),
        "organization": ("string", None),
        "role": ("string", None),
        "votingRight": ("boolean", None),
        "startDate": ("string", None),
        "endDate": ("string", None),
        "onBehalfOf": ("string", None),
        "license": ("string", None),
        "keyword": ("array", "string"),
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
    "Meeting": {
        "id": ("string", None),
        "type": ("string", None),
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
        "license": ("string", None),
        "keyword": ("array", "string"),
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
    "AgendaItem": {
        "id": ("string", None),
        "type": ("string", None),
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
        "license": ("string", None),
        "keyword": ("array", "string"),
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
    "Consultation": {
        "id": ("string", None),
        "type": ("string", None),
        "paper": ("string", None),
        "agendaItem": ("string", None),
        "meeting": ("string", None),
        "organization": ("array", "string"),
        "authoritative": ("boolean", None),
        "role": ("string", None),
        "license": ("string", None),
        "keyword": ("array", "string"),
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
    "Paper": {
        "id": ("string", None),
        "type": ("string", None),
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
        "license": ("string", None),
        "keyword": ("array", "string"),
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
    "File": {
        "id": ("string", None),
        "type": ("string", None),
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
        "license": ("string", None),
        "keyword": ("array", "string"),
        "created": ("string", None),
        "modified": ("string", None),
        "web": ("string", None),
        "deleted": ("boolean", None),
    },
}

# A deleted object keeps id, type and created, with modified the time of its deletion; the rest may go
# (src/2-08-geloeschte-objekte.md).
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
