"""Messages of the input (Innspill), advice (Råd) and decisions (Beslutninger) pages and their codes."""

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.input": ("Innspill", "Input"),
    "nav.advice": ("Råd", "Advice"),
    "nav.decisions": ("Beslutninger", "Decisions"),
    # Codes from the data
    "subject_type.project": ("Prosjekt", "Project"),
    "subject_type.case": ("Sak", "Case"),
    "subject_type.meeting": ("Møte", "Meeting"),
    "subject_type.policy": ("Interessepolitisk sak", "Policy matter"),
    "outcome.followed": ("Fulgt", "Followed"),
    "outcome.partly_followed": ("Delvis fulgt", "Partly followed"),
    "outcome.not_followed": ("Ikke fulgt", "Not followed"),
    "outcome.noted": ("Tatt til orientering", "Noted"),
    "advice_state.draft": ("Utkast", "Draft"),
    "advice_state.submitted": ("Sendt til direktøren", "Submitted to the director"),
    "advice_state.decided": ("Besluttet", "Decided"),
    "advice_state.withdrawn": ("Trukket", "Withdrawn"),
    "input_status.awaiting": ("Ikke behandlet ennå", "Not yet taken up"),
    "input_status.submitted": ("I råd til direktøren", "In advice to the director"),
    "input_status.decided": ("Besluttet", "Decided"),
    "input_status.withdrawn": ("Trukket", "Withdrawn"),
    # --- Innspill ---------------------------------------------------------------------------------
    "input.intro": (
        "Gi innspill til faggruppen din på et prosjekt, en sak, et møte eller en interessepolitisk sak, og "
        "se hva som ble av innspillene dine.",
        "Give your group input on a project, a case, a meeting or a policy matter, and see what became of "
        "your input.",
    ),
    "input.no_person": (
        "Brukeren din er ikke koblet til en person, så innspill kan ikke registreres på deg. Be en "
        "koordinator om å koble den.",
        "Your user is not linked to a person, so input cannot be recorded in your name. Ask a "
        "coordinator to link it.",
    ),
    "input.no_bodies": (
        "Du er ikke medlem av noen gruppe akkurat nå, så du kan ikke gi nye innspill.",
        "You are not a member of any group at the moment, so you cannot give new input.",
    ),
    "input.new.title": ("Nytt innspill", "New input"),
    "input.field.group": ("Faggruppe", "Group"),
    "input.field.subject_type": ("Innspillet gjelder", "The input is about"),
    "input.field.unit": ("På vegne av", "On behalf of"),
    "input.unit_none": ("Meg selv (ingen enhet)", "Myself (no unit)"),
    "input.field.text": ("Innspill", "Input"),
    "input.field.text_help": (
        "Skriv kort og konkret. Du kan bruke enkel formatering (*kursiv*, **fet**, lister) og lenker "
        "til nettsider.",
        "Keep it short and concrete. Simple formatting (*italics*, **bold**, lists) and links to web "
        "pages work.",
    ),
    "input.field.link": ("Lenke (valgfritt)", "Link (optional)"),
    "input.submit": ("Send innspill", "Send input"),
    "input.saved": ("Takk! Innspillet er registrert.", "Thank you! Your input is recorded."),
    "input.error.no_group": ("Velg en faggruppe.", "Choose a group."),
    "input.error.no_subject.project": ("Velg prosjektet innspillet gjelder.", "Choose the project."),
    "input.error.no_subject.case": ("Velg saken innspillet gjelder.", "Choose the case."),
    "input.error.no_subject.meeting": ("Velg møtet innspillet gjelder.", "Choose the meeting."),
    "input.error.no_subject.policy": (
        "Skriv hvilken interessepolitisk sak innspillet gjelder.",
        "Name the policy matter.",
    ),
    "input.mine.title": ("Mine innspill", "My input"),
    "input.mine.help": (
        "Nyeste først. Når direktøren har besluttet rådet innspillet inngikk i, ser du utfallet og "
        "begrunnelsen her.",
        "Newest first. Once the director has decided on the advice your input went into, the outcome and "
        "the rationale show here.",
    ),
    "input.mine.none": ("Du har ikke gitt noen innspill ennå.", "You have not given any input yet."),
    "input.mine.select": (
        "Velg en rad for å se hele innspillet, endre det eller trekke det tilbake."
        " Med tastaturet: Tab til tabellen, piltastene til raden, Shift+mellomrom velger den.",
        "Select a row to see the whole input, edit it or withdraw it."
        " With the keyboard: Tab to the table, the arrow keys to the row, Shift+Space selects it.",
    ),
    "input.col.created": ("Dato", "Date"),
    "input.col.group": ("Faggruppe", "Group"),
    "input.col.subject_type": ("Gjelder", "About"),
    "input.col.subject": ("Emne", "Subject"),
    "input.col.text": ("Innspill", "Input"),
    "input.col.unit": ("På vegne av", "On behalf of"),
    "input.col.status": ("Status", "Status"),
    "input.col.outcome": ("Utfall", "Outcome"),
    "input.col.decided": ("Besluttet", "Decided"),
    "input.col.rationale": ("Begrunnelse", "Rationale"),
    "input.one.title": ("Innspill om {subject}", "Input on {subject}"),
    "input.one.meta": ("{group} · gitt {created} · {status}", "{group} · given {created} · {status}"),
    "input.one.link": ("Lenke", "Link"),
    "input.one.decided": (
        "Direktøren besluttet rådet {date}: {outcome}.",
        "On {date} the director decided on the advice: {outcome}.",
    ),
    "input.one.locked.decided": (
        "Innspillet er låst: rådet det inngikk i, er besluttet.",
        "This input is locked: the advice it went into has been decided.",
    ),
    "input.one.locked.withdrawn": ("Innspillet er trukket tilbake.", "This input has been withdrawn."),
    "input.edit.title": ("Endre innspillet", "Edit the input"),
    "input.edit.save": ("Lagre endringene", "Save changes"),
    "input.edit.saved": ("Endringene er lagret.", "Your changes are saved."),
    "input.withdraw.confirm": (
        "Ja, trekk innspillet tilbake (det blir stående i historikken, merket som trukket)",
        "Yes, withdraw this input (it stays on record, marked as withdrawn)",
    ),
    "input.withdraw.button": ("Trekk tilbake", "Withdraw"),
    "input.withdraw.done": ("Innspillet er trukket tilbake.", "The input has been withdrawn."),
    # --- Råd --------------------------------------------------------------------------------------
    "advice.intro": (
        "Sett sammen gruppens råd til direktøren av innspillene, se hvilke enheter som ikke har gitt "
        "innspill, lagre som utkast og send når rådet er klart.",
        "Compose the group's advice to the director from its input, see which units gave none, save a "
        "draft and submit it when it is ready.",
    ),
    "advice.no_person": (
        "Brukeren din er ikke koblet til en person, så vi vet ikke hvilke grupper du leder.",
        "Your user is not linked to a person, so we do not know which groups you lead.",
    ),
    "advice.not_leader": (
        "Råd til direktøren settes sammen av koordinatorene og av gruppens leder eller nestleder. Du "
        "leder ingen gruppe nå, men innspillene dine går inn i gruppens råd: gi dem under «Innspill».",
        "Advice to the director is composed by the coordinators and by a group's leader or deputy. You "
        "do not lead a group at the moment, but your input goes into the group's advice: give it under "
        "“Input”.",
    ),
    "advice.list.title": ("Råd under arbeid", "Advice in progress"),
    "advice.list.none": ("Ingen utkast eller innsendte råd.", "No drafts or submitted advice."),
    "advice.list.select": (
        "Velg et råd for å arbeide videre med det; uten valg lager du et nytt.",
        "Select advice to work on it; with none selected you compose new advice.",
    ),
    "advice.col.title": ("Tittel", "Title"),
    "advice.col.group": ("Faggruppe", "Group"),
    "advice.col.state": ("Status", "Status"),
    "advice.col.subject": ("Emne", "Subject"),
    "advice.col.target": ("Frist", "Target date"),
    "advice.col.submitted": ("Sendt", "Submitted"),
    "advice.col.inputs": ("Innspill", "Inputs"),
    "advice.col.created": ("Dato", "Date"),
    "advice.col.author": ("Innsender", "From"),
    "advice.col.unit": ("På vegne av", "On behalf of"),
    "advice.col.text": ("Innspill", "Input"),
    "advice.col.used": ("I et råd", "In advice"),
    "advice.new.title": ("Nytt råd", "New advice"),
    "advice.new.choose_subject": (
        "Velg gruppe og hva rådet gjelder, så vises innspillene som er gitt.",
        "Choose the group and what the advice is about to see the input given.",
    ),
    "advice.field.group": ("Faggruppe", "Group"),
    "advice.field.subject_type": ("Rådet gjelder", "The advice is about"),
    "advice.edit.title": ("Råd: {title}", "Advice: {title}"),
    "advice.edit.meta": (
        "{group} · {subject_type}: {subject} · {state}",
        "{group} · {subject_type}: {subject} · {state}",
    ),
    "advice.inputs.title": ("Innspill på dette", "Input on this"),
    "advice.inputs.none": ("Ingen innspill på dette ennå.", "No input on this yet."),
    "advice.completeness": (
        "**{given} av {expected}** forventede enheter har gitt innspill.",
        "**{given} of {expected}** expected units have given input.",
    ),
    "advice.completeness.missing": ("Ikke gitt innspill: {units}.", "No input from: {units}."),
    "advice.completeness.none_expected": (
        "Gruppen har ingen forventede enheter å måle innspillene mot.",
        "The group has no expected units to measure the input against.",
    ),
    "advice.compose.title": ("Rådet", "The advice"),
    "advice.field.title": ("Tittel", "Title"),
    "advice.field.recommendation": ("Anbefaling", "Recommendation"),
    "advice.field.target_date": ("Ønsket beslutning innen (valgfritt)", "Decision wanted by (optional)"),
    "advice.field.inputs": ("Innspill rådet bygger på", "Input the advice rests on"),
    "advice.field.inputs_placeholder": ("Velg innspill", "Choose input"),
    "advice.field.points": ("Delmål rådet støtter", "Strategy points the advice serves"),
    "advice.field.points_placeholder": ("Velg delmål", "Choose strategy points"),
    "advice.save_draft": ("Lagre utkast", "Save draft"),
    "advice.submit": ("Send til direktøren", "Submit to the director"),
    "advice.saved": ("Utkastet er lagret.", "The draft is saved."),
    "advice.submitted": ("Rådet er sendt til direktøren.", "The advice has been submitted to the director."),
    "advice.saved_not_submitted": (
        "Utkastet er lagret, men ikke sendt. Se meldingen over, og send det på nytt fra listen.",
        "The draft is saved but not submitted. See the message above, and submit it again from the list.",
    ),
    "advice.view.title": ("Anbefaling", "Recommendation"),
    "advice.view.target": ("Ønsket beslutning innen {date}.", "Decision wanted by {date}."),
    "advice.withdraw.confirm": (
        "Ja, trekk rådet tilbake (det blir stående, merket som trukket)",
        "Yes, withdraw this advice (it stays on record, marked as withdrawn)",
    ),
    "advice.withdraw.button": ("Trekk tilbake", "Withdraw"),
    "advice.withdraw.done": ("Rådet er trukket tilbake.", "The advice has been withdrawn."),
    # --- Beslutninger -------------------------------------------------------------------------------
    "decisions.intro": (
        "Råd som venter på din beslutning: de som er over fristen først, deretter de eldste. Velg ett "
        "eller flere for å beslutte.",
        "Advice awaiting your decision: overdue first, then the oldest. Select one or more to decide.",
    ),
    "decisions.intro_read_only": (
        "Råd som venter på direktørens beslutning, og beslutningene som er tatt.",
        "Advice awaiting the director's decision, and the decisions taken.",
    ),
    "decisions.tab.inbox": ("Innboks", "Inbox"),
    "decisions.tab.log": ("Beslutningslogg", "Decision log"),
    "decisions.tab.follow_up": ("Oppfølging", "Follow-up"),
    "decisions.filter.group": ("Faggruppe", "Group"),
    "decisions.filter.all_groups": ("Alle faggrupper", "All groups"),
    "decisions.filter.area": ("Innsatsområde", "Strategic area"),
    "decisions.filter.all_areas": ("Alle innsatsområder", "All areas"),
    "decisions.filter.subject_type": ("Gjelder", "About"),
    "decisions.filter.outcome": ("Utfall", "Outcome"),
    "decisions.filter.from": ("Fra dato", "From"),
    "decisions.filter.to": ("Til dato", "To"),
    "decisions.inbox.title": ("Venter på beslutning ({count})", "Awaiting a decision ({count})"),
    "decisions.inbox.none": ("Ingen råd venter på beslutning.", "No advice is awaiting a decision."),
    "decisions.inbox.days_overdue": ("{days} dager over fristen", "{days} days overdue"),
    "decisions.inbox.select": (
        "Velg ett råd for å se det og beslutte, eller flere for å gi dem samme utfall."
        " Med tastaturet: Tab til tabellen, piltastene til raden, Shift+mellomrom velger den.",
        "Select one piece of advice to see and decide it, or several to give them one outcome."
        " With the keyboard: Tab to the table, the arrow keys to the row, Shift+Space selects it.",
    ),
    "decisions.inbox.select_read_only": (
        "Velg et råd for å se det."
        " Med tastaturet: Tab til tabellen, piltastene til raden, Shift+mellomrom velger den.",
        "Select advice to see it."
        " With the keyboard: Tab to the table, the arrow keys to the row, Shift+Space selects it.",
    ),
    "decisions.inbox.chosen": ("**{count} råd valgt:**", "**{count} pieces of advice selected:**"),
    "decisions.read_only": (
        "Bare direktøren kan beslutte; du ser innboksen uten å kunne endre den.",
        "Only the director decides; you see the inbox without changing it.",
    ),
    "decisions.decide": ("Beslutt", "Decide"),
    "decisions.decide_many": ("Beslutt alle {count}", "Decide all {count}"),
    "decisions.reopen": ("Gjenåpne", "Reopen"),
    "decisions.col.title": ("Tittel", "Title"),
    "decisions.col.group": ("Faggruppe", "Group"),
    "decisions.col.body": ("Faggruppe", "Group"),
    "decisions.col.subject_type": ("Gjelder", "About"),
    "decisions.col.subject": ("Emne", "Subject"),
    "decisions.col.submitted": ("Sendt", "Submitted"),
    "decisions.col.days_waiting": ("Dager i kø", "Days waiting"),
    "decisions.col.target": ("Frist", "Target date"),
    "decisions.col.overdue": ("Over fristen", "Overdue"),
    "decisions.col.days_overdue": ("Forsinket", "Late by"),
    "decisions.col.inputs": ("Innspill", "Inputs"),
    "decisions.col.created": ("Dato", "Date"),
    "decisions.col.author": ("Innsender", "From"),
    "decisions.col.unit": ("På vegne av", "On behalf of"),
    "decisions.col.text": ("Innspill", "Input"),
    "decisions.col.link": ("Lenke", "Link"),
    "decisions.col.withdrawn": ("Trukket", "Withdrawn"),
    "decisions.col.decided_at": ("Besluttet", "Decided"),
    "decisions.col.outcome": ("Utfall", "Outcome"),
    "decisions.col.rationale": ("Begrunnelse", "Rationale"),
    "decisions.col.decided_by": ("Besluttet av", "Decided by"),
    "decisions.col.follow_up_on": ("Følges opp", "Follow up on"),
    "decisions.col.follow_up_overdue": ("Fristen er passert", "Overdue"),
    "decisions.col.reopened": ("Gjenåpnet", "Reopened"),
    "decisions.col.reopened_at": ("Gjenåpnet", "Reopened"),
    "decisions.col.reopen_reason": ("Grunn til gjenåpning", "Reason for reopening"),
    "decisions.detail.meta": (
        "{group} · {subject_type}: {subject} · {state} · sendt {submitted} · frist {target}",
        "{group} · {subject_type}: {subject} · {state} · submitted {submitted} · target {target}",
    ),
    "decisions.detail.locked": (
        "Rådet er besluttet og låst. En ny beslutning krever at beslutningen gjenåpnes; den gamle blir "
        "stående i historikken.",
        "This advice is decided and locked. A new decision means reopening it; the old one stays in the "
        "history.",
    ),
    "decisions.detail.recommendation": ("Anbefaling", "Recommendation"),
    "decisions.detail.points": ("Delmål", "Strategy points"),
    "decisions.detail.inputs": ("Innspillene rådet bygger på ({count})", "The input behind it ({count})"),
    "decisions.detail.no_inputs": ("Rådet viser ikke til innspill.", "The advice refers to no input."),
    "decisions.detail.history": ("Beslutninger", "Decisions"),
    "decisions.detail.no_decisions": ("Ikke besluttet ennå.", "Not decided yet."),
    "decisions.detail.gone": (
        "Rådet finnes ikke lenger. Last siden på nytt.",
        "This advice no longer exists. Reload the page.",
    ),
    "decisions.dialog.decide": ("Beslutt", "Decide"),
    "decisions.dialog.many": (
        "Samme utfall, begrunnelse og oppfølging for alle **{count}** rådene:",
        "One outcome, rationale and follow-up for all **{count}** pieces of advice:",
    ),
    "decisions.dialog.save": ("Lagre beslutningen", "Save the decision"),
    "decisions.dialog.reopen": ("Gjenåpne beslutningen", "Reopen the decision"),
    "decisions.dialog.reopen_help": (
        "Den gjeldende beslutningen blir stående i historikken, merket som gjenåpnet, og den nye "
        "gjelder fra nå.",
        "The current decision stays in the history, marked as reopened, and the new one applies from now.",
    ),
    "decisions.dialog.save_reopen": ("Gjenåpne og lagre ny beslutning", "Reopen and save the new decision"),
    "decisions.field.outcome": ("Utfall", "Outcome"),
    "decisions.field.rationale_required": ("Begrunnelse (påkrevd)", "Rationale (required)"),
    "decisions.field.rationale_optional": ("Begrunnelse (valgfritt)", "Rationale (optional)"),
    "decisions.field.rationale_rule": (
        "Begrunnelse kreves for alle utfall unntatt «Fulgt».",
        "A rationale is required for every outcome but “Followed”.",
    ),
    "decisions.field.follow_up": ("Oppfølgingsdato (valgfritt)", "Follow-up date (optional)"),
    "decisions.field.reason": ("Hvorfor gjenåpnes beslutningen?", "Why is the decision reopened?"),
    "decisions.error.no_outcome": ("Velg et utfall.", "Choose an outcome."),
    "decisions.error.rationale_required": (
        "Skriv en begrunnelse: den kreves når utfallet er «{outcome}». Ingenting er lagret.",
        "Write a rationale: it is required when the outcome is “{outcome}”. Nothing was saved.",
    ),
    "decisions.error.reason_required": (
        "Skriv hvorfor beslutningen gjenåpnes. Ingenting er lagret.",
        "Write why the decision is reopened. Nothing was saved.",
    ),
    "decisions.decided": ("Beslutningen er lagret ({count} råd).", "The decision is saved ({count} advice)."),
    "decisions.reopened": (
        "Beslutningen er gjenåpnet, og den nye beslutningen er lagret.",
        "The decision was reopened and the new one saved.",
    ),
    "decisions.log.title": ("Beslutninger ({count})", "Decisions ({count})"),
    "decisions.log.none": ("Ingen beslutninger med disse filtrene.", "No decisions match these filters."),
    "decisions.log.select": (
        "Velg en beslutning for å se rådet og historikken.",
        "Select a decision to see the advice and its history.",
    ),
    "decisions.log.file": ("beslutningslogg-{date}", "decision-log-{date}"),
    "decisions.log.sheet": ("Beslutninger", "Decisions"),
    "decisions.yes": ("ja", "yes"),
    "decisions.no": ("nei", "no"),
    "decisions.follow_up.within": ("Forfaller innen", "Falling due within"),
    "decisions.follow_up.days": ("{days} dager", "{days} days"),
    "decisions.follow_up.title": ("Oppfølginger som forfaller ({count})", "Follow-ups falling due ({count})"),
    "decisions.follow_up.none": (
        "Ingen oppfølginger forfaller de neste {days} dagene.",
        "No follow-ups fall due in the next {days} days.",
    ),
    "decisions.follow_up.shown_of": ("Viser {shown} av {total}.", "Showing {shown} of {total}."),
    # --- Shared form helpers (osloreg.ui.forms) -------------------------------------------------------
    "decisions.form.page": ("Side (av {pages})", "Page (of {pages})"),
    "decisions.form.showing": ("Viser {first}–{last} av {total}.", "Showing {first}–{last} of {total}."),
    "decisions.form.choose": ("Velg", "Choose"),
    "decisions.form.search": ("Søk", "Search"),
    "decisions.form.search_placeholder.project": ("Del av prosjektnavnet", "Part of the project's name"),
    "decisions.form.search_placeholder.case": (
        "Saksnummer (48/20) eller del av tittelen",
        "Case number (48/20) or part of the title",
    ),
    "decisions.form.search_placeholder.meeting": (
        "Dato (12.06.2024, 06.2024) eller gruppe",
        "Date (12.06.2024, 06.2024) or group",
    ),
    "decisions.form.choose_subject": ("Velg blant {count} treff", "Choose among {count} matches"),
    "decisions.form.no_subjects": ("Ingen treff. Prøv et annet søk.", "No matches. Try another search."),
    "decisions.form.policy_topic": ("Hvilken interessepolitisk sak", "Which policy matter"),
    "decisions.form.policy_known": (
        "Velg en interessepolitisk sak som er brukt før ({count})",
        "Choose a policy matter used before ({count})",
    ),
    "decisions.form.policy_new": ("… eller skriv inn en ny", "… or write a new one"),
    "decisions.form.now_saved": ("Lagret nå: {field}", "Saved now: {field}"),
}
