"""Messages of documents (saksframlegg, vedlegg, møteinnkalling, møteprotokoll) on meeting and case pages."""

MESSAGES: dict[str, tuple[str, str]] = {
    "documents.title": ("Dokumenter", "Documents"),
    "documents.none": ("Ingen dokumenter ennå.", "No documents yet."),
    "documents.kind.case_paper": ("Saksframlegg", "Case paper"),
    "documents.kind.attachment": ("Vedlegg", "Attachment"),
    "documents.kind.notice": ("Møteinnkalling", "Notice of meeting"),
    "documents.kind.minutes": ("Møteprotokoll", "Minutes"),
    "documents.owner.meeting": ("Møtet", "The meeting"),
    "documents.owner.agenda_item": ("Sak på sakslisten", "Agenda item"),
    "documents.owner.case": ("Saken", "The case"),
    "documents.owner.consultation": ("Behandling", "Consideration"),
    "documents.public": ("Offentlig", "Public"),
    "documents.exempt": ("Unntatt offentlighet", "Exempt from public access"),
    "documents.exempt_with_basis": (
        "Unntatt offentlighet ({basis})",
        "Exempt from public access ({basis})",
    ),
    "documents.basis": ("Hjemmel", "Legal basis"),
    "documents.version": ("Versjon {number}", "Version {number}"),
    "documents.generated": ("laget av systemet", "made by the system"),
    "documents.uploaded": (
        "Lastet opp {when} av {who} · {size}",
        "Uploaded {when} by {who} · {size}",
    ),
    "documents.removed": ("Fjernet {when}", "Removed {when}"),
    "documents.download": ("Last ned", "Download"),
    "documents.hidden": (
        "Unntatt offentlighet: tittel og fil vises ikke for deg.",
        "Exempt from public access: its title and file are not shown to you.",
    ),
    "documents.size.kb": ("{size} kB", "{size} kB"),
    "documents.size.mb": ("{size} MB", "{size} MB"),
    # The upload form
    "documents.upload.title": ("Last opp", "Upload"),
    "documents.upload.owner": ("Gjelder", "Belongs to"),
    "documents.upload.kind": ("Dokumenttype", "Kind of document"),
    "documents.upload.document_title": ("Dokumenttittel", "Document title"),
    "documents.upload.file": ("Fil", "File"),
    "documents.upload.file_help": (
        "PDF, Word (DOCX), Excel (XLSX), ODT, PNG eller JPEG, høyst {max} MB.",
        "PDF, Word (DOCX), Excel (XLSX), ODT, PNG or JPEG, at most {max} MB.",
    ),
    "documents.upload.exempt": ("Unntatt offentlighet", "Exempt from public access"),
    "documents.upload.basis_help": (
        "Lovhjemmelen for unntaket, f.eks. offentleglova § 13.",
        "The legal basis of the exemption, e.g. offentleglova § 13.",
    ),
    "documents.upload.submit": ("Last opp", "Upload"),
    "documents.upload.no_file": ("Velg en fil å laste opp.", "Choose a file to upload."),
    "documents.upload.done": ("Dokumentet «{title}» er lastet opp.", "The document “{title}” was uploaded."),
    "documents.new_version": ("Ny versjon", "New version"),
    "documents.new_version.submit": ("Last opp ny versjon", "Upload the new version"),
    "documents.new_version.done": ("Ny versjon er lastet opp.", "The new version was uploaded."),
    "documents.access.title": ("Offentlighet", "Public access"),
    "documents.access.submit": ("Lagre offentlighet", "Save public access"),
    "documents.access.done": ("Offentlighet er lagret.", "Public access was saved."),
    "documents.remove.title": ("Fjern dokumentet", "Remove the document"),
    "documents.remove.reason": ("Årsak", "Reason"),
    "documents.remove.submit": ("Fjern", "Remove"),
    "documents.remove.done": (
        "Dokumentet er fjernet (det er tatt vare på).",
        "The document was removed (it is kept).",
    ),
    "documents.manage": ("Endre", "Change"),
    # Fields and errors
    "field.document_title": ("Tittel", "Title"),
    "field.filename": ("Filnavn", "File name"),
    "field.exempt_basis": ("Hjemmel", "Legal basis"),
    "error.file_type": (
        "Filtypen er ikke tillatt. Tillatt er {allowed}; typen leses fra innholdet, ikke fra filnavnet.",
        "This kind of file is not allowed. Allowed: {allowed}; the kind is read from the content, "
        "not the name.",
    ),
    "error.file_empty": ("Filen er tom.", "The file is empty."),
    "error.file_too_large": (
        "Filen er {size} MB; største tillatte er {max} MB.",
        "The file is {size} MB; at most {max} MB is allowed.",
    ),
    "error.document_owner": (
        "Et dokument hører til nøyaktig én sak, behandling, sak på sakslisten eller ett møte.",
        "A document belongs to exactly one case, consideration, agenda item or meeting.",
    ),
    "error.document_kind": ("Ukjent dokumenttype.", "Unknown kind of document."),
    "error.document_kind_owner": (
        "Møteinnkalling og møteprotokoll hører til møtet selv.",
        "A notice of meeting and minutes belong to the meeting itself.",
    ),
    "error.document_same_file": (
        "Dette er samme fil som siste versjon.",
        "This is the same file as the latest version.",
    ),
    "error.document_removed": ("Dokumentet er fjernet.", "The document has been removed."),
    "error.document_exempt": (
        "Dokumentet er unntatt offentlighet, og du har ikke tilgang til det.",
        "The document is exempt from public access, and you have no access to it.",
    ),
}
