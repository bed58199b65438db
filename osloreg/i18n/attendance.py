"""Messages of forfall, vara, habilitet and vedtaksførhet: labels of the domain's values, and refusals."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Values
    "call_answer.pending": ("Venter på svar", "Awaiting answer"),
    "call_answer.accepted": ("Møter", "Will attend"),
    "call_answer.declined": ("Kan ikke møte", "Cannot attend"),
    "inhabil_status.declared": ("Meldt inhabil", "Declared disqualified"),
    "inhabil_status.decided": ("Vedtatt inhabil", "Found disqualified"),
    "inhabil_ground.fvl_6_1_a": (
        "Forvaltningsloven § 6 første ledd bokstav a (selv part i saken)",
        "Public Administration Act s. 6 (1)(a) (a party to the case)",
    ),
    "inhabil_ground.fvl_6_1_b": (
        "Forvaltningsloven § 6 første ledd bokstav b (i slekt eller svogerskap med en part)",
        "Public Administration Act s. 6 (1)(b) (related by blood or marriage to a party)",
    ),
    "inhabil_ground.fvl_6_1_c": (
        "Forvaltningsloven § 6 første ledd bokstav c (gift, forlovet eller samboer med en part)",
        "Public Administration Act s. 6 (1)(c) (married, engaged or cohabiting with a party)",
    ),
    "inhabil_ground.fvl_6_1_d": (
        "Forvaltningsloven § 6 første ledd bokstav d (verge eller fullmektig for en part)",
        "Public Administration Act s. 6 (1)(d) (guardian or attorney of a party)",
    ),
    "inhabil_ground.fvl_6_1_e": (
        "Forvaltningsloven § 6 første ledd bokstav e (leder, styremedlem e.l. i et selskap eller en "
        "forening som er part)",
        "Public Administration Act s. 6 (1)(e) (leads or sits on the board of a company or body that is "
        "a party)",
    ),
    "inhabil_ground.fvl_6_2": (
        "Forvaltningsloven § 6 andre ledd (andre særegne forhold)",
        "Public Administration Act s. 6 (2) (other special circumstances)",
    ),
    "inhabil_ground.koml_11_10_2": (
        "Kommuneloven § 11-10 andre ledd (tidligere befatning med saken)",
        "Local Government Act s. 11-10 (2) (earlier part in the matter)",
    ),
    "quorum_rule.none": ("Ingen regel (organet fatter ikke vedtak)", "No rule (the body makes no decisions)"),
    "quorum_rule.half_members": (
        "Minst halvparten av medlemmene til stede (kommuneloven § 11-9)",
        "At least half of the members present (Local Government Act s. 11-9)",
    ),
    "expect.attends": ("Møter", "Attends"),
    "expect.vara": ("Vara møter", "Substitute attends"),
    "expect.vara_asked": ("Vara spurt, venter på svar", "Substitute asked, awaiting answer"),
    "expect.forfall": ("Forfall, ingen vara", "Apologies, no substitute"),
    "expect.no_one": ("Ingen representant", "No representative"),
    # The attendance editor
    "meeting.col.attended_for": ("Møtte for", "Attended for"),
    "meeting.attendance.from_forfall": (
        "Listen er fylt ut fra meldte forfall og vara som har sagt ja. Kontroller den og lagre.",
        "The list is filled in from the apologies reported and the substitutes who accepted. Check it and "
        "save.",
    ),
    # The meeting page's tab
    "meeting.tab.forfall": ("Forfall og habilitet", "Apologies and disqualification"),
    "forfall.whole": ("Hele møtet", "The whole meeting"),
    "forfall.from": ("Fra {item}", "From {item}"),
    "forfall.to": ("Til og med {item}", "Up to and including {item}"),
    "forfall.between": ("{first} til og med {last}", "{first} up to and including {last}"),
    "forfall.item_case": ("sak {case}", "item {case}"),
    "forfall.item_n": ("punkt {n}", "item {n}"),
    "forfall.yes": ("Ja", "Yes"),
    "forfall.no": ("Nei", "No"),
    "forfall.col.state": ("Forventet", "Expected"),
    "forfall.col.people": ("Representeres av", "Represented by"),
    "forfall.col.vara": ("Vara", "Substitute"),
    "forfall.col.span": ("Gjelder", "Covers"),
    "forfall.col.reason": ("Årsak", "Reason"),
    "forfall.col.reported": ("Meldt", "Reported"),
    "forfall.col.present": ("Til stede", "Present"),
    "forfall.col.required": ("Må være til stede", "Required"),
    "forfall.col.met": ("Vedtaksfør", "Quorum"),
    "forfall.col.left": ("Fratrådte (inhabil)", "Left (disqualified)"),
    "forfall.col.inhabil_status": ("Status", "Status"),
    "forfall.col.ground": ("Hjemmel", "Legal ground"),
    "forfall.col.inhabil_reason": ("Begrunnelse", "Reason"),
    "forfall.forecast.title": ("Dekningsprognose", "Coverage forecast"),
    "forfall.forecast.covered": (
        "{covered} av {expected} forventede enheter blir representert etter meldte forfall og innkalt vara.",
        "{covered} of {expected} expected units will be represented, given apologies and substitutes "
        "called in.",
    ),
    "forfall.forecast.missing": ("Blir ikke representert: {units}", "Will not be represented: {units}"),
    "forfall.forecast.members": (
        "Forventet til stede: {present} av {members} medlemmer (vara som har sagt ja regnes med).",
        "Expected present: {present} of {members} members (substitutes who accepted included).",
    ),
    "forfall.quorum.title": ("Vedtaksførhet", "Quorum"),
    "forfall.quorum.no_items": ("Sakslisten er tom.", "The agenda is empty."),
    "forfall.quorum.basis_expected": (
        "Beregnet fra meldte forfall, vara som har sagt ja og meldt inhabilitet.",
        "Computed from apologies, substitutes who accepted and disqualification.",
    ),
    "forfall.quorum.basis_recorded": (
        "Beregnet fra registrert oppmøte og inhabilitet.",
        "Computed from the recorded attendance and disqualification.",
    ),
    "forfall.quorum.forecast_short": (
        "Etter meldte forfall blir {present} av {members} medlemmer til stede. Organet blir ikke "
        "vedtaksfør: minst {required} må være til stede (kommuneloven § 11-9). Kall inn vara.",
        "Given the apologies, {present} of {members} members will be present. The body will not have a "
        "quorum: at least {required} must be present (Local Government Act s. 11-9). Call in substitutes.",
    ),
    "forfall.quorum.items_short": (
        "Organet er ikke vedtaksfør i: {items} (kommuneloven § 11-9).",
        "The body has no quorum in: {items} (Local Government Act s. 11-9).",
    ),
    "forfall.list.title": ("Meldte forfall", "Apologies"),
    "forfall.list.none": ("Ingen har meldt forfall.", "No one has sent apologies."),
    "forfall.handle": ("Forfall fra {person}", "Apologies from {person}"),
    "forfall.withdraw": ("Trekk tilbake forfallet", "Withdraw the apologies"),
    "forfall.withdraw_confirm": ("Ja, trekk tilbake", "Yes, withdraw"),
    "forfall.withdrawn": (
        "Forfallet fra {person} er trukket tilbake.",
        "The apologies from {person} are withdrawn.",
    ),
    "forfall.vara.not_called": ("Ingen vara innkalt", "No substitute called in"),
    "forfall.vara.choose": ("Neste vara", "Next substitute"),
    "forfall.vara.call": ("Kall inn vara", "Call in substitute"),
    "forfall.vara.called_done": (
        "{name} er innkalt. Registrer svaret når det kommer.",
        "{name} is called in. Record the answer when it comes.",
    ),
    "forfall.vara.accepted": ("Varaen møter", "The substitute will attend"),
    "forfall.vara.declined": ("Varaen kan ikke møte", "The substitute cannot attend"),
    "forfall.vara.accepted_done": ("{name} møter.", "{name} will attend."),
    "forfall.vara.declined_done": (
        "{name} kan ikke møte. Kall inn neste vara.",
        "{name} cannot attend. Call in the next substitute.",
    ),
    "forfall.vara.none_left": (
        "Det er ingen flere vara å kalle inn for denne enheten.",
        "There are no more substitutes to call in for this unit.",
    ),
    "forfall.offer.ordered": (
        "{name} ({order}. vara for {unit})",
        "{name} (substitute no. {order} for {unit})",
    ),
    "forfall.offer.unit": ("{name} (vara for {unit})", "{name} (substitute for {unit})"),
    "forfall.offer.personal": ("{name} (personlig vara)", "{name} (personal substitute)"),
    "forfall.report.title": ("Meld forfall", "Report apologies"),
    "forfall.report.person": ("Hvem har forfall", "Who sends apologies"),
    "forfall.inhabil.item": ("Sak", "Item"),
    "forfall.inhabil.ground": ("Hjemmel for inhabiliteten", "Legal ground for the disqualification"),
    "forfall.inhabil.person": ("Hvem er inhabil", "Who is disqualified"),
    "forfall.report.first": ("Fra og med sak", "From item"),
    "forfall.report.last": ("Til og med sak", "Up to and including item"),
    "forfall.report.start": ("Møtets start", "The start of the meeting"),
    "forfall.report.end": ("Møtets slutt", "The end of the meeting"),
    "forfall.report.send": ("Meld forfall", "Report apologies"),
    "forfall.report.choose_person": ("Velg hvem som har forfall.", "Choose who sends apologies."),
    "forfall.report.done": ("Forfall er meldt for {person}.", "Apologies are reported for {person}."),
    "forfall.report.not_member": (
        "Du er ikke medlem eller vara i dette organet på møtedagen, og kan ikke melde forfall her.",
        "You are not a member or substitute of this body on the day, and cannot report apologies here.",
    ),
    "forfall.inhabil.title": ("Habilitet", "Disqualification"),
    "forfall.inhabil.none": ("Ingen er meldt inhabile.", "No one is declared disqualified."),
    "forfall.inhabil.form_title": ("Meld inhabilitet i en sak", "Declare disqualification in an item"),
    "forfall.inhabil.decided_box": (
        "Organet har vedtatt at personen er inhabil",
        "The body has decided that the person is disqualified",
    ),
    "forfall.inhabil.send": ("Registrer inhabilitet", "Record disqualification"),
    "forfall.inhabil.choose": ("Velg sak og person.", "Choose the item and the person."),
    "forfall.inhabil.done": (
        "{person} er registrert som inhabil i saken og fratrer under behandlingen av den.",
        "{person} is recorded as disqualified and leaves the item while it is considered.",
    ),
    "forfall.inhabil.handle": ("{person} i {item}", "{person} in {item}"),
    "forfall.inhabil.decide": ("Organet vedtok inhabil", "The body found them disqualified"),
    "forfall.inhabil.habil": ("Organet fant vedkommende habil", "The body found them not disqualified"),
    "forfall.inhabil.decided": (
        "Vedtaket om at {person} er inhabil er registrert.",
        "{person} is recorded as found disqualified.",
    ),
    "forfall.inhabil.found_habil": (
        "{person} er funnet habil og deltar i behandlingen.",
        "{person} is found not disqualified and takes part.",
    ),
    "forfall.inhabil.withdraw": ("Trekk tilbake", "Withdraw"),
    "forfall.inhabil.withdrawn": (
        "Inhabiliteten for {person} er trukket tilbake.",
        "The disqualification of {person} is withdrawn.",
    ),
    # Fields named in validation messages
    "field.forfall_reason": ("Årsak til forfall", "Reason for apologies"),
    "field.habilitet_reason": ("Begrunnelse for inhabiliteten", "Why the person is disqualified"),
    "field.habilitet_habil_reason": (
        "Begrunnelse for at vedkommende er habil",
        "Why the person is not disqualified",
    ),
    "field.quorum_source": ("Kilde eller begrunnelse", "Source or reason"),
    # Refusals
    "error.forfall_not_own": (
        "Du kan bare melde forfall og inhabilitet for deg selv. Sekretariatet melder for andre.",
        "You can only report apologies and disqualification for yourself. The secretariat reports for "
        "others.",
    ),
    "error.forfall_too_late": (
        "Møtet har begynt. Meld forfall til sekretariatet, som fører det inn.",
        "The meeting has begun. Report your apologies to the secretariat, who will record them.",
    ),
    "error.forfall_closed": (
        "Protokollen fra møtet er godkjent. Forfall, vara og habilitet kan ikke lenger endres.",
        "The minutes of the meeting are approved. Apologies, substitutes and disqualification can no longer "
        "be changed.",
    ),
    "error.forfall_not_member": (
        "Personen er ikke medlem eller vara i organet på møtedagen.",
        "The person is not a member or substitute of the body on the day of the meeting.",
    ),
    "error.forfall_span": (
        "Forfallet slutter før det begynner. Velg en sak til som kommer etter saken fra.",
        "The apologies end before they begin. Choose a last item that comes after the first.",
    ),
    "error.forfall_exists": (
        "Det er alt meldt forfall for denne personen til møtet. Trekk det tilbake først for å melde på nytt.",
        "Apologies are already reported for this person. Withdraw them first to report again.",
    ),
    "error.forfall_withdrawn": ("Forfallet er trukket tilbake.", "The apologies have been withdrawn."),
    "error.item_not_on_agenda": (
        "Saken står ikke på sakslisten til dette møtet.",
        "The item is not on this meeting's agenda.",
    ),
    "error.vara_not_for_member": (
        "Denne varaen kan ikke møte for medlemmet: bare en personlig vara eller en vara for samme enhet "
        "kan det.",
        "This substitute cannot attend for the member: only a personal substitute or one for the same unit "
        "can.",
    ),
    "error.vara_called_before": (
        "Denne varaen er alt spurt for dette forfallet.",
        "This substitute has already been asked.",
    ),
    "error.vara_already_called": (
        "En vara er alt innkalt for dette forfallet. Registrer svaret før neste vara kalles inn.",
        "A substitute is already called in. Record the answer before calling the next.",
    ),
    "error.vara_has_forfall": (
        "Varaen har selv meldt forfall til møtet.",
        "The substitute has reported apologies too.",
    ),
    "error.vara_engaged": (
        "Varaen er alt spurt eller innkalt for et annet medlem til dette møtet.",
        "The substitute is already asked or called in for another member at this meeting.",
    ),
    "error.vara_answered": (
        "Svaret fra varaen er alt registrert.",
        "The substitute's answer is already recorded.",
    ),
    "error.habilitet_not_own": (
        "Du kan bare melde deg selv inhabil. Sekretariatet registrerer for andre.",
        "You can only declare yourself disqualified. The secretariat records it for others.",
    ),
    "error.habilitet_decide": (
        "Bare sekretariatet registrerer organets avgjørelse om habilitet.",
        "Only the secretariat records the body's decision on disqualification.",
    ),
    "error.habilitet_no_case": (
        "Habilitet gjelder en sak. Velg en sak på sakslisten, ikke en overskrift.",
        "Disqualification concerns a case. Choose a case on the agenda, not a heading.",
    ),
    "error.habilitet_ground": ("Velg hjemmelen for inhabiliteten.", "Choose the legal ground."),
    "error.habilitet_exists": (
        "Personen er alt registrert som inhabil i denne saken.",
        "The person is already recorded as disqualified in this case.",
    ),
    "error.habilitet_withdrawn": (
        "Inhabiliteten er trukket tilbake.",
        "The disqualification has been withdrawn.",
    ),
    "error.attended_for_invalid": (
        "«Møtte for» må være et annet medlem av organet.",
        "«Attended for» must be another member of the body.",
    ),
    "error.quorum_rule": ("Velg en regel for vedtaksførhet.", "Choose a quorum rule."),
    "error.quorum_basis": ("Oppgi hvordan regelen er kjent.", "Say how the rule is known."),
}
