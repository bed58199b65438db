"""Messages of the cases page (Saker): the list, the stalled cases, one case and its path, the editors."""

from typing import Any

import pandas as pd

from osloreg import i18n

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.cases": ("Saker", "Cases"),
    # Where a case stands, in a word, and what that means
    "case_state.new": ("Ny", "New"),
    "case_state.new.help": (
        "Saken er registrert, men ingen behandling er planlagt ennå.",
        "The case is registered, but no body is planned to consider it yet.",
    ),
    "case_state.planned": ("Planlagt", "Planned"),
    "case_state.planned.help": (
        "En behandling er planlagt; saken er ikke behandlet ennå.",
        "A body is planned to consider the case; it has not been considered yet.",
    ),
    "case_state.under_way": ("Under behandling", "Under way"),
    "case_state.under_way.help": (
        "Saken er behandlet, og neste behandling er planlagt.",
        "The case has been considered, and its next consideration is planned.",
    ),
    "case_state.hanging": ("Må settes opp på nytt", "To be scheduled again"),
    "case_state.hanging.help": (
        "Saken ble sendt tilbake eller utsatt, og ingen ny behandling er planlagt.",
        "The case was sent back or postponed, and no new consideration is planned.",
    ),
    "case_state.decided": ("Vedtatt", "Decided"),
    "case_state.decided.help": (
        "Vedtaksorganet har behandlet saken, og ingen flere behandlinger er planlagt.",
        "The deciding body has considered the case, and no further consideration is planned.",
    ),
    "case_state.at_end": ("Ferdigbehandlet uten vedtak", "Considered, not decided"),
    "case_state.at_end.help": (
        "Saken er behandlet og ingen flere behandlinger er planlagt, men ikke noe vedtaksorgan har avgjort "
        "den.",
        "The case has been considered and nothing more is planned, but no deciding body has settled it.",
    ),
    # A step of the path
    "step_state.done": ("Behandlet", "Considered"),
    "step_state.next": ("Neste", "Next"),
    "step_state.waiting": ("Venter", "Waiting"),
    "step_state.skipped": ("Hoppet over", "Skipped"),
    "consultation_role.preparation": ("Forberedende behandling", "Preparatory consideration"),
    "consultation_role.recommendation": ("Innstilling", "Recommendation"),
    "consultation_role.hearing": ("Høring", "Hearing"),
    "consultation_role.decision": ("Vedtak", "Decision"),
    # The list
    "case.list.intro": (
        "Sakene og saksgangen deres: hvor langt hver sak har kommet, og hvilke som står stille.",
        "The cases and their path through the bodies: how far each has come, and which have stalled.",
    ),
    "case.list.read_only": (
        "Du kan lese; koordinatorer registrerer og endrer saker.",
        "You can read; coordinators register and change cases.",
    ),
    "case.list.tab.cases": ("Saker", "Cases"),
    "case.list.tab.stalled": ("Står stille", "Stalled"),
    "case.list.tab.new": ("Ny sak", "New case"),
    "case.list.title": ("Saker ({count})", "Cases ({count})"),
    "case.list.none": ("Ingen saker passer søket.", "No case matches the search."),
    "case.list.select": ("Velg en sak for å åpne den.", "Select a case to open it."),
    "case.filter.search": ("Søk", "Search"),
    "case.filter.search_placeholder": (
        "Saksnummer (48/20), nummer eller ord i tittelen",
        "Case number (48/20), number or words of the title",
    ),
    "case.filter.year": ("År", "Year"),
    "case.filter.all_years": ("Alle år", "All years"),
    "case.col.case": ("Sak", "Case"),
    "case.col.state": ("Status", "Status"),
    "case.col.last": ("Sist behandlet", "Last considered"),
    "case.col.next": ("Neste behandling", "Next consideration"),
    "case.col.weeks_idle": ("Uker uten behandling", "Weeks without consideration"),
    "case.col.sequence": ("Nr.", "No."),
    "case.col.step": ("Steg", "Step"),
    "case.col.body": ("Organ", "Body"),
    "case.col.result_text": ("Vedtak / merknad", "Decision / remark"),
    "case.col.meeting": ("Møte", "Meeting"),
    "case.stalled.help": (
        "Saker som ikke er behandlet på {weeks} uker selv om en ny behandling er planlagt, eller som ble "
        "sendt tilbake eller utsatt uten at noe nytt er planlagt. De som har stått stille lengst, øverst.",
        "Cases not considered for {weeks} weeks although a next consideration is planned, or sent back or "
        "postponed with nothing new planned. Those stalled longest first.",
    ),
    "case.stalled.title": ("Saker som står stille ({count})", "Stalled cases ({count})"),
    "case.stalled.none": ("Ingen saker står stille.", "No cases are stalled."),
    # A new case
    "case.new.title": ("Registrer en ny sak", "Register a new case"),
    "case.new.number_help": (
        "Saken får årets neste registreringsnummer. Saksnummer (NN/ÅÅ) får den av hvert organ som setter "
        "den på sakslisten sin.",
        "The case gets the year's next registration number. Each body that puts it on its agenda gives it "
        "a case number (NN/YY) of its own.",
    ),
    "case.new.path": ("Planlagt saksgang", "Planned path"),
    "case.new.path_help": (
        "Ett steg per behandling, i rekkefølge: organet, rollen, om organet er vedtaksorgan, og planlagt "
        "dato. Legg til rader med +; saksgangen kan også planlegges senere.",
        "One step per consideration, in order: the body, its role, whether it is the deciding body, and the "
        "planned date. Add rows with +; the path can also be planned later.",
    ),
    "case.new.step_without_body": (
        "Steg {number} i saksgangen mangler organ.",
        "Step {number} of the path has no body.",
    ),
    "case.new.save": ("Registrer saken", "Register the case"),
    "case.created": (
        "Saken «{title}» er registrert med reg.nr. {case}.",
        "The case “{title}” has been registered as reg. no. {case}.",
    ),
    "case.form.officer_search": ("Finn saksansvarlig", "Find a case officer"),
    "case.form.no_officer": ("Ingen", "None"),
    # One case
    "case.back": ("Tilbake til sakene", "Back to the cases"),
    "case.gone": ("Fant ikke saken (kanskje er lenken feil).", "Case not found (the link may be wrong)."),
    "case.officer": ("saksansvarlig: {officer}", "case officer: {officer}"),
    "case.no_officer": ("ingen saksansvarlig", "no case officer"),
    "case.registered": ("registrert {day}", "registered {day}"),
    "case.basis": ("kilde: {basis}", "basis: {basis}"),
    "case.source": ("Kilde: {source}", "Source: {source}"),
    "case.no_date": ("dato ikke satt", "no date set"),
    "case.read_only": (
        "Du kan lese; koordinatorer endrer saken.",
        "You can read; coordinators change the case.",
    ),
    "case.where.title": ("Status", "Status"),
    "case.where.last": ("Sist behandlet: {step}", "Last considered: {step}"),
    "case.where.next": ("Neste behandling: {step}", "Next consideration: {step}"),
    "case.where.stalled": (
        "Saken står stille: ingen behandling på {weeks} uker, selv om saksgangen ikke er ferdig.",
        "The case has stalled: not considered for {weeks} weeks, although its path is not finished.",
    ),
    "case.tab.path": ("Saksgang", "Path"),
    "case.tab.decision": ("Vedtak", "Decision"),
    "case.tab.history": ("Endringslogg", "Change history"),
    "case.tab.edit": ("Endre", "Edit"),
    "case.path.title": ("Saksgangen", "The path"),
    "case.path.none": ("Ingen behandlinger er planlagt.", "No consideration is planned."),
    "case.path.deciding": ("vedtaksorgan", "deciding body"),
    "case.path.legend": (
        "✓ behandlet · ▶ neste · ○ venter · – hoppet over (planlagt før siste behandling, aldri behandlet)",
        "✓ considered · ▶ next · ○ waiting · – skipped (planned before the last consideration, never "
        "considered)",
    ),
    "case.decision.no_proposal": (
        "Ingen forslag til vedtak er registrert.",
        "No proposed decision recorded.",
    ),
    "case.decision.no_final": ("Saken har ikke fått noe vedtak ennå.", "The case has no final decision yet."),
    "case.history.help": (
        "Alle endringer gjort i dashbordet: hvem, når og hva (før → etter), også behandlingene i møtene.",
        "Every change made in the dashboard: who, when and what (before → after), the case's consideration "
        "at meetings too.",
    ),
    "case.history.none": (
        "Ingen endringer er gjort i dashbordet ennå.",
        "No changes made in the dashboard yet.",
    ),
    "case.history.step_field": ("Steg {number}, {field}", "Step {number}, {field}"),
    "case.history.part_field": ("{part}, {field}", "{part}, {field}"),
    "case.history.part.step": ("Steg", "Step"),
    "case.history.part.treatment": ("Behandling", "Consideration"),
    # Editors
    "case.edit.title": ("Endre saken", "Edit the case"),
    "case.edit.final_help": (
        "Vedtaket fylles ut når vedtaksorganet har behandlet saken (er feltet tomt, fylles det ut fra "
        "møteresultatet).",
        "The final decision is filled in once the deciding body has considered the case (if the field is "
        "empty, the meeting's result fills it).",
    ),
    "case.edit.save": ("Lagre endringene", "Save the changes"),
    "case.saved": ("Endringene er lagret.", "The changes have been saved."),
    "case.step.plan_title": ("Legg til en behandling", "Add a consideration"),
    "case.step.deciding": ("Organet er vedtaksorgan", "This body is the deciding body"),
    "case.step.plan": ("Legg til i saksgangen", "Add to the path"),
    "case.step.choose_body": (
        "Velg organet som skal behandle saken.",
        "Choose the body to consider the case.",
    ),
    "case.step.planned": ("{body} er lagt til i saksgangen.", "{body} has been added to the path."),
    "case.step.remove_title": ("Fjern en planlagt behandling", "Remove a planned consideration"),
    "case.step.which": ("Planlagt behandling", "Planned consideration"),
    "case.step.remove": ("Fjern", "Remove"),
    "case.step.remove_confirm": (
        "Ja, fjern den (endringsloggen tar vare på hva den var)",
        "Yes, remove it (the change history keeps what it was)",
    ),
    "case.step.choose_step": ("Velg behandlingen som skal fjernes.", "Choose the consideration to remove."),
    "case.step.removed": ("{step} er fjernet fra saksgangen.", "{step} has been removed from the path."),
    # Field names (forms, messages and the change history)
    "field.year": ("År", "Year"),
    "field.number": ("Saksnummer", "Case number"),
    "field.officer_person_id": ("Saksansvarlig", "Case officer"),
    "field.proposed_decision": ("Forslag til vedtak", "Proposed decision"),
    "field.condition": ("Vilkår", "Condition"),
    "field.case_number": ("Saksnummer", "Case number"),
    "field.reg_year": ("Registreringsår", "Year registered"),
    "field.reg_number": ("Registreringsnummer", "Registration number"),
    "field.protocol_remarks": ("Protokolltilførsel", "Protocol remarks"),
    "field.final_decision": ("Vedtak", "Final decision"),
    "field.planned_on": ("Planlagt dato", "Planned date"),
    "case.field.role": ("Rolle", "Role"),
    "case.field.authoritative": ("Vedtaksorgan", "Deciding body"),
    "case.field.treated_on": ("Behandlet", "Considered"),
    # The change history's actions
    "audit.case.register": ("Registrert", "Registered"),
    "audit.case.update": ("Endret", "Edited"),
    "audit.case.plan_step": ("Behandling planlagt", "Consideration planned"),
    "audit.case.remove_step": ("Planlagt behandling fjernet", "Planned consideration removed"),
    "audit.case.treated": ("Behandlet i møte", "Considered at a meeting"),
    # Errors
    "error.case_year": ("Året må være fra {min} til {max}.", "The year must be from {min} to {max}."),
    "error.case_number": (
        "Saksnummeret må være et helt tall fra 1 til {max}.",
        "The case number must be a whole number from 1 to {max}.",
    ),
    "error.case_number_taken": (
        "Saksnummer {label} er allerede brukt i {body}. Neste ledige er {next}.",
        "Case number {label} is already taken in {body}. The next free one is {next}.",
    ),
    "error.case_two_deciding": (
        "Saksgangen kan bare ha ett vedtaksorgan som ikke har behandlet saken ennå.",
        "The path can have only one deciding body still to consider the case.",
    ),
    "error.consultation_role": ("Ukjent rolle: {role}.", "Unknown role: {role}."),
    "error.step_treated": (
        "Behandlingen har funnet sted og blir stående i saksgangen.",
        "The consideration has taken place and stays on the path.",
    ),
    "error.step_on_agenda": (
        "Behandlingen står på sakslisten til et møte: ta saken av sakslisten først.",
        "The consideration is on a meeting's agenda: take the case off the agenda first.",
    ),
    # Case numbers per body and year, and the registration number
    "case.registration": ("reg.nr. {label}", "reg. no. {label}"),
    "case.numbers": ("Saksnummer: {numbers}", "Case numbers: {numbers}"),
    "case.number_in": ("{label} i {body}", "{label} in {body}"),
    "case.no_number": (
        "Ingen organ har satt saken på sakslisten ennå, så den har ikke saksnummer.",
        "No body has put the case on its agenda yet, so it has no case number.",
    ),
    "case.col.number": ("Saksnr.", "Case no."),
    "case.col.vote": ("Votering", "Vote"),
    "case.col.protocol_remarks": ("Protokolltilførsel", "Protocol remarks"),
    "case.col.basis": ("Kilde", "Basis"),
    "case.col.source": ("Kildegrunnlag", "Source"),
    "case.vote.unanimous": ("enstemmig", "unanimous"),
    "case.vote.count": ("{votes_for} mot {votes_against}", "{votes_for} to {votes_against}"),
    # A step's result: a vedtaksorgan's words, and a treatment with no result on record
    "case.result.treated": ("behandlet", "considered"),
    "case.result.deciding.endorsed": ("vedtatt", "adopted"),
    "case.result.deciding.endorsed_with_changes": ("vedtatt med endringer", "adopted with changes"),
    "case.result.deciding.rejected": ("ikke vedtatt", "not adopted"),
    "case.result.deciding.noted": ("tatt til orientering", "noted"),
    "case_state.rejected": ("Ikke vedtatt", "Not adopted"),
    "case_state.rejected.help": (
        "Vedtaksorganet har behandlet saken og vedtok ikke forslaget.",
        "The deciding body has considered the case and did not adopt the proposal.",
    ),
    "case_state.unrecorded": ("Behandlet, vedtaket er ikke registrert", "Considered, decision not recorded"),
    "case_state.unrecorded.help": (
        "Vedtaksorganet har behandlet saken, men vedtaket er ikke registrert her.",
        "The deciding body has considered the case, but its decision is not recorded here.",
    ),
    "case.decision.not_recorded": (
        "Vedtaket i {body} er ikke registrert.",
        "The decision of {body} is not recorded.",
    ),
    "case.decision.text_not_recorded": (
        "Resultatet i {body}: {result}. Vedtaksteksten er ikke registrert.",
        "The result in {body}: {result}. The wording of the decision is not recorded.",
    ),
    "case.decision.from": ("Vedtak i {body}", "Decision of {body}"),
    # Links between cases
    "case.links.title": ("Saker den henger sammen med", "Related cases"),
    "case.mandate.title": ("Mandat for {body}, satt i denne saken", "Mandate of {body}, set in this case"),
    "case.links.none": ("Saken viser ikke til andre saker.", "The case refers to no other case."),
    "case.link.builds_on": ("bygger på", "builds on"),
    "case.link.requires": ("forutsetter vedtak i", "requires the decision in"),
    "case.link.builds_on.incoming": ("ligger til grunn for", "underlies"),
    "case.link.requires.incoming": ("er forutsetning for", "is a condition of"),
    "case.link.condition": ("Vilkår / sitat: «{text}»", "Condition / quote: “{text}”"),
    "case.link.no_number": ("sak uten saksnummer", "case without a number"),
    "error.registration_taken": (
        "Registreringsnummer {label} er allerede brukt. Neste ledige er {next}.",
        "Registration number {label} is already taken. The next free one is {next}.",
    ),
    "error.case_number_kept": (
        "Saken har allerede saksnummer {label} i dette organet dette året.",
        "The case already has case number {label} in this body this year.",
    ),
    "error.case_link_self": ("En sak kan ikke vise til seg selv.", "A case cannot refer to itself."),
    "error.case_link_kind": ("Ukjent type kobling: {kind}.", "Unknown kind of link: {kind}."),
    "error.case_link_basis": ("Ukjent kildegrunnlag: {basis}.", "Unknown basis: {basis}."),
    "error.case_link_exists": (
        "Saken viser allerede til den saken på denne måten.",
        "The case already refers to that case in this way.",
    ),
    "error.vote_number": (
        "Antall stemmer må være et helt tall fra 0 til {max}.",
        "A number of votes must be a whole number from 0 to {max}.",
    ),
    "error.vote_both": (
        "Oppgi både stemmer for og stemmer mot, eller ingen av dem.",
        "Give both the votes for and the votes against, or neither.",
    ),
    "error.vote_unanimous_against": (
        "Et enstemmig vedtak kan ikke ha stemmer mot.",
        "A unanimous decision cannot have votes against.",
    ),
    "case.link.add_title": ("Vis til en annen sak", "Refer to another case"),
    "case.link.find": ("Finn saken", "Find the case"),
    "case.link.case": ("Sak", "Case"),
    "case.link.kind": ("Hvordan", "How"),
    "case.link.condition_field": ("Vilkår eller sitat (valgfritt)", "Condition or quote (optional)"),
    "case.link.save": ("Lagre koblingen", "Save the link"),
    "case.link.choose_case": ("Velg saken det vises til.", "Choose the case referred to."),
    "case.link.saved": ("Koblingen er lagret.", "The link has been saved."),
}


def result_words(result: Any, *, deciding: Any, treated: Any = True, language: str) -> str:
    """A step's result in words: a vedtaksorgan's "vedtatt / vedtatt med endringer / ikke vedtatt",
    another body's own words, and "behandlet" for a treatment whose result is not on record (the
    case and the meeting pages say it alike)."""
    if _missing(result):
        treated_now = not _missing(treated) and treated is not False
        return i18n.translate("case.result.treated", language) if treated_now else ""
    key = f"case.result.deciding.{result}"
    if not _missing(deciding) and bool(deciding) and key in i18n.catalogue():
        return i18n.translate(key, language)
    return i18n.translate(f"overview.result.{result}", language)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))
