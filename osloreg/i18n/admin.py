"""Messages of the admin page's frame: its name and tabs (each tab's own messages are in its area)."""

MESSAGES = {
    "nav.admin": ("Administrasjon", "Administration"),
    "admin.tab.users": ("Brukere", "Users"),
    "admin.tab.audit": ("Revisjonslogg", "Audit trail"),
    "admin.tab.import": ("Import", "Import"),
    "admin.tab.backup": ("Sikkerhetskopi", "Backup"),
    # The bodies' rule for vedtaksførhet (the tab of the notice periods)
    "admin.quorum.intro": (
        "Når organet er vedtaksfør. For et folkevalgt organ: minst halvparten av medlemmene til stede"
        " (kommuneloven § 11-9). Oppgi kilden, eller hvorfor regelen er usikker eller satt av administrator.",
        "When the body has a quorum. For an elected body: at least half of the members present (Local"
        " Government Act s. 11-9). Name the source, or why the rule is uncertain or set by an admin.",
    ),
    "admin.quorum.col.rule": ("Vedtaksførhet", "Quorum rule"),
    "admin.quorum.col.basis": ("Kilde for regelen", "Source of the rule"),
    "admin.quorum.basis_text.sourced": ("Kilde: {source}", "Source: {source}"),
    "admin.quorum.basis_text.uncertain": ("Usikker: {source}", "Uncertain: {source}"),
    "admin.quorum.basis_text.illustrative": ("Satt av administrator: {source}", "Set by an admin: {source}"),
    "admin.quorum.edit": ("Sett regel for vedtaksførhet", "Set the quorum rule"),
    "admin.quorum.body": ("Organ", "Body"),
    "admin.quorum.rule": ("Regel", "Rule"),
    "admin.quorum.basis": ("Regelen er", "The rule is"),
    "admin.quorum.basis.sourced": ("gitt av lov eller reglement", "set by law or the rules"),
    "admin.quorum.basis.uncertain": ("usikker", "uncertain"),
    "admin.quorum.basis.illustrative": ("satt av administrator", "set by an admin"),
    "admin.quorum.source": ("Kilde eller begrunnelse", "Source or reason"),
    "admin.quorum.source_help": (
        "Påkrevd, unntatt for «Ingen regel»: for eksempel «Kommuneloven § 11-9», eller hvorfor regelen er"
        " usikker eller satt av administrator.",
        "Required, except for «No rule»: for example «Kommuneloven § 11-9», or why the rule is uncertain"
        " or set by an admin.",
    ),
    "admin.quorum.save": ("Lagre regelen", "Save the rule"),
    "admin.quorum.done": (
        "Regelen for vedtaksførhet i {body} er lagret.",
        "The quorum rule of {body} is saved.",
    ),
}
