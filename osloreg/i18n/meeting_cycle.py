"""Messages of the meeting cycle: innkalling and its versions, avholdt, protokoll godkjent, publisert."""

MESSAGES: dict[str, tuple[str, str]] = {
    "meeting_status.called": ("Innkalt", "Called"),
    "meeting_status.approved": ("Protokoll godkjent", "Minutes approved"),
    "meeting_status.published": ("Publisert", "Published"),
    # Fields named in validation messages
    "field.proceedings": ("Behandling", "Proceedings"),
    "field.decision_text": ("Vedtak", "Decision"),
    "field.notice_source": ("Kilde eller begrunnelse", "Source or reason"),
    "field.signed_on": ("Signert dato", "Signed on"),
    # Refusals
    "error.notice_not_planned": (
        "Innkalling sendes for et planlagt møte. Er den sendt, lages en ny versjon når sakslisten endres.",
        "The notice is sent for a planned meeting. Once sent, a change to the agenda makes a new version.",
    ),
    "error.notice_after_meeting": (
        "Møtet har vært: det er for sent å sende innkalling.",
        "The meeting has taken place: it is too late to send the notice.",
    ),
    "error.notice_no_agenda": (
        "Sakslisten er tom. Sett opp sakene før innkallingen sendes.",
        "The agenda is empty. Put the items on it before the notice is sent.",
    ),
    "error.approval_no_signers": (
        "Oppgi minst én som har signert protokollen.",
        "Name at least one person who signed the minutes.",
    ),
    "error.approval_signer_twice": (
        "Samme person er oppgitt to ganger som signatar.",
        "The same person is named twice as a signer.",
    ),
    "error.signed_before_meeting": (
        "{person} kan ikke ha signert protokollen før møtet.",
        "{person} cannot have signed the minutes before the meeting.",
    ),
    "error.signed_in_future": (
        "Signaturdatoen for {person} er frem i tid.",
        "The day {person} signed is in the future.",
    ),
    "error.approval_item_required": (
        "Velg saken i det senere møtet der protokollen ble godkjent.",
        "Choose the item of the later meeting at which the minutes were approved.",
    ),
    "error.approval_other_body": (
        "Protokollen godkjennes i et møte i samme organ.",
        "The minutes are approved at a meeting of the same body.",
    ),
    "error.approval_not_later": (
        "Protokollen godkjennes i et senere møte enn det den gjelder.",
        "The minutes are approved at a meeting later than the one they record.",
    ),
    "error.approval_meeting_not_held": (
        "Møtet der protokollen skal være godkjent, er ikke avholdt.",
        "The meeting at which the minutes are said to be approved has not been held.",
    ),
    "error.approval_signers_at_meeting": (
        "En protokoll godkjent i møte har ingen signaturer å registrere.",
        "Minutes approved at a meeting have no signatures to record.",
    ),
    "error.approval_item_with_signers": (
        "En protokoll godkjent ved signatur er ikke knyttet til en sak i et møte.",
        "Minutes approved by signature are not tied to an item of a meeting.",
    ),
    "error.approval_date_meeting": (
        "Protokollen ble godkjent på møtedagen {day}.",
        "The minutes were approved on the day of the meeting, {day}.",
    ),
    "error.approval_date": (
        "Godkjenningsdatoen må være fra møtedagen til i dag.",
        "The day of approval must be from the day of the meeting to today.",
    ),
    "error.approval_method": (
        "Velg om protokollen ble godkjent i møte eller ved signatur.",
        "Choose whether the minutes were approved at a meeting or by signature.",
    ),
    "error.agenda_case_decision": (
        "Vedtaket i en sak registreres som sakens resultat.",
        "The decision on a case is recorded as the case's result.",
    ),
    "error.notice_days": (
        "Innkallingsfristen er et antall dager fra 0 til 365.",
        "The notice period is a number of days from 0 to 365.",
    ),
    "error.notice_basis": (
        "Si om fristen har en kilde, eller er satt av en administrator.",
        "Say whether the period has a source, or is set by an admin.",
    ),
    # Why the innkalling got a new version (stored with it, in the secretariat's language)
    "notice.reason.added": ("Saksliste endret: {item} lagt til", "Agenda changed: {item} added"),
    "notice.reason.removed": ("Saksliste endret: {item} tatt av", "Agenda changed: {item} removed"),
    "notice.reason.case_changed": ("Saksliste endret: {item} endret", "Agenda changed: {item} changed"),
    "notice.reason.closed": (
        "Saksliste endret: punkt {position} behandles for lukkede dører",
        "Agenda changed: item {position} is considered behind closed doors",
    ),
    "notice.reason.opened": (
        "Saksliste endret: punkt {position} er åpnet for offentligheten",
        "Agenda changed: item {position} is opened to the public",
    ),
    "notice.reason.moved": ("Saksliste endret: rekkefølgen endret", "Agenda changed: order changed"),
    "notice.reason.time": ("Møtet er flyttet: nytt tidspunkt", "The meeting is moved: a new time"),
    "notice.reason.place": ("Nytt møtested", "A new place"),
    "notice.item.case": ("sak {case}", "case {case}"),
    "notice.item.named": ("«{name}»", "“{name}”"),
    # The audit trail
    "audit.meeting.notice": ("Innkalling sendt", "Notice sent"),
    "audit.meeting.notice_version": (
        "Saksliste endret etter innkalling: ny versjon",
        "Agenda changed after the notice: new version",
    ),
    "audit.meeting.held": ("Markert som avholdt", "Marked as held"),
    "audit.meeting.approve": ("Protokoll godkjent", "Minutes approved"),
    "audit.meeting.publish": ("Protokoll publisert", "Minutes published"),
    "audit.meeting.proceedings": ("Behandling registrert", "Proceedings recorded"),
    "audit.body.notice_period": ("Innkallingsfrist satt", "Notice period set"),
    # The coordinator's overview
    "overview.coordinator.notice_due": (
        "Innkallinger som skal sendes ({count})",
        "Notices to send ({count})",
    ),
    "overview.coordinator.notice_due_help": (
        "Planlagte møter der fristen for innkalling er innen en uke eller passert, etter organets"
        " innkallingsfrist. Eldste frist først.",
        "Planned meetings whose notice is due within a week or overdue, by the body's notice period."
        " Earliest deadline first.",
    ),
    "overview.coordinator.notice_due_none": (
        "Ingen innkallinger må sendes den neste uken.",
        "No notices are due in the coming week.",
    ),
    "overview.col.notice_due": ("Innkalling senest", "Notice by"),
    "overview.coordinator.minutes_waiting": (
        "Protokoller som venter på godkjenning, siste 12 måneder ({count})",
        "Minutes awaiting approval, last 12 months ({count})",
    ),
    "overview.coordinator.minutes_waiting_none": (
        "Ingen protokoller fra de siste 12 månedene venter på godkjenning.",
        "No minutes of the last 12 months await approval.",
    ),
    # The meeting page: the cycle
    "meeting.tab.cycle": ("Innkalling og status", "Notice and status"),
    "meeting.cycle.status": ("**Status:** {status}", "**Status:** {status}"),
    "meeting.cycle.notice_period": (
        "Innkallingsfrist: {days} dager før møtet, senest {due}.",
        "Notice period: {days} days before the meeting, by {due}.",
    ),
    "meeting.cycle.no_notice_period": (
        "Organet har ingen innkallingsfrist registrert. En administrator kan sette den under Administrasjon.",
        "The body has no notice period on record. An admin can set it under Administration.",
    ),
    "meeting.cycle.send_notice": ("Send innkalling", "Send notice"),
    "meeting.cycle.notice_sent": (
        "Innkalling sendt. Sakslisten og dokumentene er lagret slik de ble sendt.",
        "Notice sent. The agenda and documents are kept as sent.",
    ),
    "meeting.cycle.hold": ("Marker som avholdt", "Mark as held"),
    "meeting.cycle.held": ("Møtet er markert som avholdt.", "The meeting is marked as held."),
    "meeting.cycle.cancel_hint": (
        "Skal møtet avlyses, gjør du det under «Flytt eller avlys», med en begrunnelse.",
        "To cancel the meeting, use “Move or cancel”, giving a reason.",
    ),
    "meeting.cycle.approve": ("Registrer godkjent protokoll", "Record approved minutes"),
    "meeting.cycle.method": ("Godkjent", "Approved"),
    "meeting.cycle.method.meeting": ("I et senere møte", "At a later meeting"),
    "meeting.cycle.method.signers": ("Ved signatur", "By signature"),
    "meeting.cycle.item": (
        "Sak i møtet der protokollen ble godkjent",
        "Item of the meeting that approved it",
    ),
    "meeting.cycle.choose_item": ("Velg sak", "Choose an item"),
    "meeting.cycle.no_later_items": (
        "Organet har ikke avholdt noe senere møte med saksliste ennå.",
        "The body has held no later meeting with an agenda yet.",
    ),
    "meeting.cycle.signers": ("Signert av", "Signed by"),
    "meeting.cycle.signed_on": ("{person} signerte", "{person} signed on"),
    "meeting.cycle.approve_save": ("Registrer godkjenningen", "Record the approval"),
    "meeting.cycle.approved": (
        "Protokollen er registrert som godkjent.",
        "The minutes are recorded as approved.",
    ),
    "meeting.cycle.approved_at_meeting": (
        "Protokollen godkjent i møte {day}, {item}.",
        "Minutes approved at the meeting of {day}, {item}.",
    ),
    "meeting.cycle.approved_by_signers": (
        "Protokollen godkjent ved signatur av {names}, {day}.",
        "Minutes approved by the signatures of {names}, {day}.",
    ),
    "meeting.cycle.item_case": ("sak {case}", "case {case}"),
    "meeting.cycle.item_position": ("punkt {position} {heading}", "item {position} {heading}"),
    "meeting.cycle.publish": ("Publiser protokoll", "Publish minutes"),
    "meeting.cycle.published": ("Protokollen er publisert.", "The minutes are published."),
    "meeting.cycle.notices": ("Innkallinger", "Notices"),
    "meeting.cycle.no_notices": ("Innkalling er ikke sendt.", "No notice has been sent."),
    "meeting.cycle.version": (
        "Versjon {version}: sendt {when} av {by}",
        "Version {version}: sent {when} by {by}",
    ),
    "meeting.cycle.first_version": ("Innkallingen slik den først ble sendt.", "The notice as first sent."),
    "meeting.cycle.col.case": ("Saksnr.", "Case no."),
    "meeting.cycle.col.officer": ("Saksansvarlig", "Case officer"),
    "meeting.cycle.col.recommendation": ("Innstilling", "Recommendation"),
    "meeting.cycle.col.document": ("Dokument", "Document"),
    "meeting.cycle.col.kind": ("Type", "Kind"),
    "meeting.cycle.col.document_version": ("Versjon", "Version"),
    "meeting.cycle.col.exempt": ("Unntatt offentlighet", "Exempt from public access"),
    "meeting.cycle.no_documents": (
        "Ingen dokumenter fulgte innkallingen.",
        "No documents went with the notice.",
    ),
    "meeting.cycle.steps": ("Møtets gang", "The meeting's steps"),
    "meeting.cycle.no_steps": ("Ingen statusendringer registrert.", "No status changes on record."),
    "meeting.cycle.col.when": ("Når", "When"),
    "meeting.cycle.col.from": ("Fra", "From"),
    "meeting.cycle.col.to": ("Til", "To"),
    "meeting.cycle.col.by": ("Av", "By"),
    "meeting.agenda.after_notice": (
        "Innkallingen er sendt. Endrer du sakslisten, lagres en ny versjon av innkallingen; de"
        " tidligere beholdes slik de ble sendt.",
        "The notice has been sent. A change to the agenda saves a new version of the notice; the"
        " earlier ones are kept as sent.",
    ),
    # The meeting page: the structured protokoll
    "meeting.protokoll.title": ("Protokoll per sak", "Minutes item by item"),
    "meeting.protokoll.free_text": ("Øvrige merknader til protokollen", "Other notes in the minutes"),
    "meeting.protokoll.proceedings": ("Behandling", "Proceedings"),
    "meeting.protokoll.result": ("Resultat", "Result"),
    "meeting.protokoll.decision": ("Vedtak", "Decision"),
    "meeting.protokoll.remarks": ("Protokolltilførsel", "Protocol remark"),
    "meeting.protokoll.item_empty": ("Ikke ført i protokollen ennå.", "Not in the minutes yet."),
    "meeting.protokoll.edit": ("Registrer behandlingen", "Record the proceedings"),
    "meeting.protokoll.proceedings_help": (
        "Hva som ble foreslått, og endringsforslag.",
        "What was proposed, and amendments.",
    ),
    "meeting.protokoll.case_decision_help": (
        "Vedtak, votering og protokolltilførsel i en sak føres med sakens resultat på sakslisten.",
        "A case's decision, vote and protocol remark are recorded with its result on the agenda.",
    ),
    "meeting.protokoll.save": ("Lagre behandlingen", "Save the proceedings"),
    "meeting.protokoll.done": ("Behandlingen av {item} er lagret.", "The proceedings of {item} are saved."),
    "meeting.cycle.notice_basis.sourced": ("Kilde: {source}", "Source: {source}"),
    "meeting.cycle.notice_basis.illustrative": (
        "Satt av administrator: {source}",
        "Set by an admin: {source}",
    ),
    "meeting.cycle.notice_basis.uncertain": ("Usikker kilde: {source}", "Uncertain source: {source}"),
    # The admin's notice periods
    "admin.tab.bodies": ("Organer", "Bodies"),  # each body's notice period and quorum rule
    "admin.bodies.intro": (
        "Hvor mange dager før et møte innkallingen må sendes, per organ. Oppgi kilden der en regel"
        " gir fristen (organets reglement, samarbeidsavtalen); ellers settes den av administrator, med"
        " begrunnelse.",
        "How many days before a meeting its notice must be sent, per body. Name the source where a rule"
        " sets the period (the body's rules, the agreement); otherwise an admin sets it, with the reason.",
    ),
    "admin.bodies.col.body": ("Organ", "Body"),
    "admin.bodies.col.days": ("Dager", "Days"),
    "admin.bodies.col.basis": ("Kilde for fristen", "Source of the period"),
    "admin.bodies.edit": ("Sett innkallingsfrist", "Set the notice period"),
    "admin.bodies.body": ("Organ", "Body"),
    "admin.bodies.days": (
        "Dager før møtet (tomt: ingen frist kjent)",
        "Days before the meeting (empty: none known)",
    ),
    "admin.bodies.basis": ("Fristen er", "The period is"),
    "admin.bodies.basis.sourced": ("gitt av en kilde", "set by a source"),
    "admin.bodies.basis.illustrative": ("satt av administrator", "set by an admin"),
    "admin.bodies.source": ("Kilde eller begrunnelse", "Source or reason"),
    "admin.bodies.source_help": (
        "Kilden (for eksempel «Reglement for styret § 4») eller hvorfor administrator satte fristen.",
        "The source (e.g. “Reglement for styret § 4”) or why an admin set this period.",
    ),
    "admin.bodies.save": ("Lagre fristen", "Save the period"),
    "admin.bodies.done": (
        "Innkallingsfristen for {body} er lagret.",
        "The notice period of {body} is saved.",
    ),
    "papers.file.notice": ("innkalling", "notice"),
    "papers.file.minutes": ("protokoll", "minutes"),
    "meeting.paper.notice.docx": ("Innkalling (Word)", "Notice (Word)"),
    "meeting.paper.notice.pdf": ("Innkalling (PDF)", "Notice (PDF)"),
    "meeting.paper.minutes.docx": ("Protokoll (Word)", "Minutes (Word)"),
    "meeting.paper.minutes.pdf": ("Protokoll (PDF)", "Minutes (PDF)"),
    "meeting.papers.help": (
        "Lages av det som står registrert nå. Innkallingen som ble sendt og protokollen som ble godkjent,"
        " ligger under Dokumenter.",
        "Made from what is recorded now. The notice as sent and the minutes as approved are kept under"
        " Documents.",
    ),
}
