"""Messages of the input, advice and decision services: why a change was refused."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Input
    "error.no_person": (
        "Brukeren din er ikke knyttet til en person. Be en administrator om å koble den til deg.",
        "Your user is not linked to a person. Ask an administrator to link it to you.",
    ),
    "error.not_in_group": (
        "Du er ikke medlem av {body} i dag og kan derfor ikke gi innspill til gruppen.",
        "You are not a member of {body} today, so you cannot give input to the group.",
    ),
    "error.subject_type": (
        "Ukjent type emne: {subject_type}. Velg prosjekt, sak, møte eller interessepolitisk sak.",
        "Unknown kind of subject: {subject_type}. Choose a project, case, meeting or policy matter.",
    ),
    "error.subject_missing": (
        "Fant ikke emnet du valgte (kanskje slettet). Velg et annet.",
        "The subject you chose was not found (it may have been removed). Choose another.",
    ),
    "error.unit_missing": (
        "Fant ikke enheten innspillet skal gis på vegne av.",
        "The unit the input is given on behalf of was not found.",
    ),
    "error.not_author": (
        "Bare den som ga innspillet, kan endre eller trekke det tilbake.",
        "Only the author of the input can edit or withdraw it.",
    ),
    "error.input_locked": (
        "Innspillet er låst: et råd som bygger på det, er besluttet.",
        "The input is locked: advice that rests on it has been decided.",
    ),
    "error.input_withdrawn": (
        "Innspillet er trukket tilbake og kan ikke endres eller brukes i et råd.",
        "The input has been withdrawn and cannot be edited or used in advice.",
    ),
    "error.nothing_changed": ("Ingen endringer å lagre.", "Nothing has changed; nothing to save."),
    "error.link_scheme": (
        "Lenken må begynne med https://, http:// eller mailto:.",
        "The link must start with https://, http:// or mailto:.",
    ),
    "error.link_invalid": (
        "Lenken er ikke en gyldig adresse. Den kan ikke inneholde mellomrom, anførselstegn "
        "eller tegnene < og >.",
        "The link is not a valid address. It cannot contain spaces, quotation marks "
        "or the characters < and >.",
    ),
    "error.date_invalid": ("Feltet «{field}» må være en dato.", "The field “{field}” must be a date."),
    # Advice
    "error.not_group_leader": (
        "Bare koordinatorer og gruppens leder eller nestleder kan utarbeide og sende råd for gruppen.",
        "Only coordinators and the group's leader or deputy can compose and submit advice for the group.",
    ),
    "error.input_other_group": (
        "Innspill nr. {id} er gitt til en annen gruppe og kan ikke brukes i dette rådet.",
        "Input no. {id} was given to another group and cannot be used in this advice.",
    ),
    "error.point_missing": (
        "Fant ikke delmålet (nr. {id} i registeret).",
        "The strategy point was not found (no. {id} in the register).",
    ),
    "error.advice_not_draft": (
        "Rådet «{title}» er ikke lenger et utkast og kan ikke endres eller sendes på nytt.",
        "The advice “{title}” is no longer a draft and cannot be edited or submitted again.",
    ),
    "error.advice_withdrawn": (
        "Rådet «{title}» er allerede trukket tilbake.",
        "The advice “{title}” has already been withdrawn.",
    ),
    "error.advice_locked": (
        "Rådet «{title}» er besluttet og dermed låst. Direktøren kan gjenåpne beslutningen.",
        "The advice “{title}” has been decided and is locked. The director can reopen the decision.",
    ),
    # Decisions
    "error.advice_not_submitted": (
        "Rådet «{title}» er ikke sendt til beslutning.",
        "The advice “{title}” has not been submitted for a decision.",
    ),
    "error.advice_not_decided": (
        "Rådet «{title}» er ikke besluttet, så det er ingen beslutning å gjenåpne.",
        "The advice “{title}” has not been decided, so there is no decision to reopen.",
    ),
    "error.unknown_outcome": ("Ukjent utfall: {outcome}.", "Unknown outcome: {outcome}."),
    "error.rationale_required": (
        "Skriv en begrunnelse: den kreves når rådet ikke følges fullt ut.",
        "Give a rationale: it is required unless the advice is followed.",
    ),
    "error.follow_up_past": (
        "Datoen for oppfølging kan ikke ligge tilbake i tid.",
        "The follow-up date cannot be in the past.",
    ),
    "error.nothing_selected": ("Velg minst ett råd.", "Select at least one piece of advice."),
}
