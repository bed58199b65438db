"""Messages of the digest by e-mail, its opt-out page, and the user's own notification settings."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- The mail -------------------------------------------------------------------------------------
    "digest.subject.daily": ("Osloregionen: oversikt for {date}", "Osloregionen: digest for {date}"),
    "digest.subject.weekly": (
        "Osloregionen: oversikt for uke {week}",
        "Osloregionen: digest for week {week}",
    ),
    "digest.greeting": ("Hei, {name}!", "Hello {name},"),
    "digest.intro.daily": (
        "Dette venter på deg i Osloregionen i dag, {date}. Hver linje lenker til saken i appen.",
        "This is what awaits you in Osloregionen today, {date}. Each line links to it in the app.",
    ),
    "digest.intro.weekly": (
        "Dette venter på deg i Osloregionen denne uken (uke {week}). Hver linje lenker til saken i appen.",
        "This is what awaits you in Osloregionen this week (week {week}). Each line links to it in the app.",
    ),
    "digest.more": ("… og {count} til i appen", "… and {count} more in the app"),
    "digest.footer.why_daily": (
        "Du får denne e-posten fordi du har valgt en daglig oversikt fra Osloregionens dashbord. "
        "Den sendes til {email}, og bare når det er noe å melde.",
        "You get this e-mail because you chose a daily digest from the Osloregionen dashboard. "
        "It is sent to {email}, and only when there is something to tell.",
    ),
    "digest.footer.why_weekly": (
        "Du får denne e-posten fordi du har valgt en ukentlig oversikt fra Osloregionens dashbord. "
        "Den sendes til {email}, og bare når det er noe å melde.",
        "You get this e-mail because you chose a weekly digest from the Osloregionen dashboard. "
        "It is sent to {email}, and only when there is something to tell.",
    ),
    "digest.footer.change": (
        "Velg daglig, ukentlig eller ingen oversikt under «Varsler og kalender» i appen:",
        "Choose a daily, a weekly or no digest under “Notifications and calendar” in the app:",
    ),
    "digest.footer.opt_out": (
        "Meld deg av oversikten på e-post med ett klikk:",
        "Unsubscribe from the digest by e-mail in one click:",
    ),
    # Sections, each with how many there are in all
    "digest.section.advice": (
        "Råd som venter på din beslutning ({count})",
        "Advice awaiting your decision ({count})",
    ),
    "digest.section.advice_overdue": (
        "Råd som venter på din beslutning ({count}, {overdue} over fristen)",
        "Advice awaiting your decision ({count}, {overdue} overdue)",
    ),
    "digest.section.follow_ups": ("Oppfølginger som forfaller ({count})", "Follow-ups falling due ({count})"),
    "digest.section.stalled": ("Saker som står stille ({count})", "Stalled cases ({count})"),
    "digest.section.notice_due": (
        "Innkallinger som skal sendes ({count})",
        "Notices of meeting due to be sent ({count})",
    ),
    "digest.section.minutes_waiting": (
        "Protokoller som venter på godkjenning ({count})",
        "Minutes awaiting approval ({count})",
    ),
    "digest.section.terms_ending": (
        "Medlemskap som går ut innen {days} dager ({count})",
        "Terms ending within {days} days ({count})",
    ),
    "digest.section.coverage_gaps": (
        "Møter de neste {days} dagene som mangler dekning ({count})",
        "Meetings in the next {days} days lacking coverage ({count})",
    ),
    "digest.section.forfall": ("Forfall å følge opp ({count})", "Apologies to follow up ({count})"),
    "digest.section.my_meetings": ("Dine neste møter ({count})", "Your next meetings ({count})"),
    "digest.section.vara_calls": (
        "Du er spurt om å møte som vara ({count})",
        "You are asked to attend as a substitute ({count})",
    ),
    "digest.section.answers": (
        "Nye svar på innspillene dine ({count})",
        "New answers to your input ({count})",
    ),
    # Rows
    "digest.row.advice": (
        "{title} ({body}), sendt inn {submitted}, har ventet i {days} dager",
        "{title} ({body}), submitted {submitted}, waiting for {days} days",
    ),
    "digest.row.advice_overdue": (
        "{title} ({body}), sendt inn {submitted}, fristen var {target}",
        "{title} ({body}), submitted {submitted}, due {target}",
    ),
    "digest.row.follow_up": ("{title} ({body}): følges opp {date}", "{title} ({body}): follow up on {date}"),
    "digest.row.follow_up_overdue": (
        "{title} ({body}): skulle vært fulgt opp {date}",
        "{title} ({body}): the follow-up was due on {date}",
    ),
    "digest.row.stalled": (
        "{case} {title}: ikke behandlet på {weeks} uker",
        "{case} {title}: not considered for {weeks} weeks",
    ),
    "digest.row.stalled_next": (
        "{case} {title}: ikke behandlet på {weeks} uker, neste behandling i {body} {date}",
        "{case} {title}: not considered for {weeks} weeks, next in {body} on {date}",
    ),
    "digest.row.notice_due": (
        "{meeting}: innkallingen skal sendes senest {due}",
        "{meeting}: the notice is to be sent by {due}",
    ),
    "digest.row.minutes_waiting": (
        "{meeting}: protokollen er ikke godkjent",
        "{meeting}: the minutes are not approved",
    ),
    "digest.row.term_ending": (
        "{person} ({role}), {body}: til {end}",
        "{person} ({role}), {body}: until {end}",
    ),
    "digest.row.coverage_gap": ("{meeting}: {gaps}", "{meeting}: {gaps}"),
    "digest.part.missing_units": (
        "{covered} av {expected} enheter dekket, mangler {missing}",
        "{covered} of {expected} units covered, missing {missing}",
    ),
    "digest.part.no_quorum": (
        "ikke vedtaksfør etter meldte forfall: {present} av {required}",
        "not quorate on the replies so far: {present} of {required}",
    ),
    "digest.row.forfall": ("{person}, {meeting}: {state}", "{person}, {meeting}: {state}"),
    "digest.row.my_meeting": ("{meeting}", "{meeting}"),
    "digest.row.my_meeting_forfall": (
        "{meeting}: du har meldt forfall",
        "{meeting}: you have sent apologies",
    ),
    "digest.row.my_meeting_forfall_vara": (
        "{meeting}: du har meldt forfall, {vara} møter som vara",
        "{meeting}: you have sent apologies, {vara} attends as substitute",
    ),
    "digest.row.vara_pending": (
        "{meeting}: for {member}; gi sekretariatet svar",
        "{meeting}: for {member}; please answer the secretariat",
    ),
    "digest.row.vara_accepted": ("{meeting}: du møter for {member}", "{meeting}: you attend for {member}"),
    "digest.row.answer": ("{title} ({body}): {outcome}", "{title} ({body}): {outcome}"),
    "digest.row.answer_rationale": (
        "{title} ({body}): {outcome}. {rationale}",
        "{title} ({body}): {outcome}. {rationale}",
    ),
    # --- The opt-out page behind the link in the mail --------------------------------------------------
    "digest.opt_out.confirm_title": ("Meld av oversikten på e-post", "Unsubscribe from the digest by e-mail"),
    "digest.opt_out.confirm_text": (
        "Vil du ikke lenger få oversikten fra Osloregionen på e-post ({email})?",
        "Do you no longer want the digest from Osloregionen by e-mail ({email})?",
    ),
    "digest.opt_out.button": ("Meld meg av", "Unsubscribe me"),
    "digest.opt_out.done_title": (
        "Du får ikke lenger oversikten på e-post",
        "You will no longer get the digest by e-mail",
    ),
    "digest.opt_out.done_text": (
        "Vil du ha den igjen, velg «Daglig» eller «Ukentlig» under «Varsler og kalender» i appen: {link}",
        "To get it again, choose “Daily” or “Weekly” under “Notifications and calendar” in the app: {link}",
    ),
    "digest.opt_out.refused_title": ("Lenken virker ikke", "This link does not work"),
    "digest.opt_out.refused.forged": (
        "Lenken er ikke gyldig: den er endret, ufullstendig eller ikke laget av Osloregionens dashbord. "
        "Ingenting er endret. Du kan melde deg av under «Varsler og kalender» i appen.",
        "The link is not valid: it was changed, cut short or not made by the Osloregionen dashboard. "
        "Nothing was changed. You can unsubscribe under “Notifications and calendar” in the app.",
    ),
    "digest.opt_out.refused.wrong_purpose": (
        "Lenken er ikke en avmeldingslenke for oversikten. Ingenting er endret.",
        "The link is not one to unsubscribe from the digest. Nothing was changed.",
    ),
    "digest.opt_out.refused.expired": (
        "Lenken er for gammel. Ingenting er endret.",
        "The link is too old. Nothing was changed.",
    ),
    "digest.opt_out.refused.used": (
        "Lenken er brukt før. Ingenting er endret.",
        "The link was used before. Nothing was changed.",
    ),
    "digest.opt_out.refused.no_user": (
        "Lenken gjelder en bruker som ikke finnes lenger. Ingenting er endret.",
        "The link is for a user who no longer exists. Nothing was changed.",
    ),
    "digest.opt_out.failed": (
        "Avmeldingen kunne ikke lagres nå. Prøv igjen om litt.",
        "The unsubscription could not be saved just now. Please try again shortly.",
    ),
    # --- The page of the user's own notification settings ----------------------------------------------
    "nav.notifications": ("Varsler og kalender", "Notifications and calendar"),
    "notifications.intro": (
        "Her velger du hva Osloregionens dashbord sender deg.",
        "Here you choose what the Osloregionen dashboard sends you.",
    ),
    "notifications.digest.title": ("Oversikt på e-post", "Digest by e-mail"),
    "notifications.digest.help": (
        "En kort oversikt over det som venter på deg etter rollene dine: råd til beslutning, saker, møter og "
        "forfall å følge opp, dine neste møter og svar på innspillene dine. Er det ingenting å melde, kommer "
        "det ingen e-post.",
        "A short digest of what awaits you in your roles: advice to decide, cases, meetings and apologies to "
        "follow up, your next meetings and answers to your input. When there is nothing to tell, no e-mail "
        "is sent.",
    ),
    "notifications.digest.frequency": ("Hvor ofte", "How often"),
    "notifications.frequency.daily": ("Daglig", "Daily"),
    "notifications.frequency.weekly": ("Ukentlig", "Weekly"),
    "notifications.frequency.none": ("Ingen", "None"),
    "notifications.digest.address": ("Oversikten sendes til {email}.", "The digest is sent to {email}."),
    "notifications.digest.no_address": (
        "Du har ingen e-postadresse registrert, så ingen oversikt blir sendt. En administrator kan legge den "
        "inn under Administrasjon → Brukere.",
        "You have no e-mail address on record, so no digest is sent. An administrator can add it under "
        "Administration → Users.",
    ),
    "notifications.digest.save": ("Lagre", "Save"),
    "notifications.digest.saved.daily": ("Du får nå oversikten daglig.", "You now get the digest daily."),
    "notifications.digest.saved.weekly": ("Du får nå oversikten ukentlig.", "You now get the digest weekly."),
    "notifications.digest.saved.none": (
        "Du får ikke lenger oversikten på e-post.",
        "You no longer get the digest by e-mail.",
    ),
    "notifications.error.frequency": (
        "Velg daglig, ukentlig eller ingen oversikt.",
        "Choose a daily, a weekly or no digest.",
    ),
}
