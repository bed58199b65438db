"""Messages of the OParl read API (its errors in words) and of the admin's tab for its tokens."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The API's errors, in JSON
    "oparl.not_found": (
        "Finnes ikke: adressen viser ikke til noe API-et publiserer.",
        "Not found: the address names nothing the API publishes.",
    ),
    "oparl.bad_token": (
        "Tokenet gjelder ikke (ukjent, trukket tilbake eller utløpt). Send et gyldig token, eller ingen.",
        "The token does not hold (unknown, revoked or expired). Send a valid token, or none.",
    ),
    "oparl.bad_authorization": (
        "Authorization må være «Bearer» fulgt av et token.",
        "Authorization must be 'Bearer' followed by a token.",
    ),
    "oparl.bad_time": (
        "{name} må være et tidspunkt med dato og klokkeslett (ISO 8601), for eksempel "
        "2026-01-01T00:00:00+01:00.",
        "{name} must be a date and time (ISO 8601), for example 2026-01-01T00:00:00+01:00.",
    ),
    "oparl.bad_limit": (
        "limit må være et helt tall fra 1 (høyst {most} gis).",
        "limit must be a whole number from 1 (at most {most} are given).",
    ),
    "oparl.bad_after": (
        "after må være en id fra forrige side.",
        "after must be an id from the previous page.",
    ),
    "oparl.exempt": (
        "Dokumentet er unntatt offentlighet.",
        "The document is exempt from public access.",
    ),
    # The admin's tab
    "admin.tab.api_tokens": ("API-tokener", "API tokens"),
    "oparl.intro": (
        "Et token gir et program lesetilgang til API-et (/oparl/v1) med det en leser ser, ikke bare det "
        "som er offentlig. Tokenet vises bare én gang, når det lages. Trekk det tilbake når det ikke "
        "lenger trengs.",
        "A token gives a program read access to the API (/oparl/v1) to what a viewer sees, not only what "
        "is public. The token is shown only once, when it is made. Revoke it when it is no longer needed.",
    ),
    "oparl.name": ("Hva tokenet er til", "What the token is for"),
    "field.token_name": ("Hva tokenet er til", "What the token is for"),
    "oparl.expires": ("Utløper (valgfritt)", "Expires (optional)"),
    "oparl.create": ("Lag token", "Make token"),
    "oparl.created": (
        "Tokenet «{name}» er laget. Kopier det nå; det vises ikke igjen:",
        "The token '{name}' is made. Copy it now; it is not shown again:",
    ),
    "oparl.revoke": ("Trekk tilbake «{name}»", "Revoke '{name}'"),
    "oparl.revoked": ("Tokenet «{name}» er trukket tilbake.", "The token '{name}' is revoked."),
    "oparl.none": ("Ingen tokener ennå.", "No tokens yet."),
    "oparl.column.name": ("Navn", "Name"),
    "oparl.column.created": ("Laget", "Made"),
    "oparl.column.expires": ("Utløper", "Expires"),
    "oparl.column.last_used": ("Sist brukt", "Last used"),
    "oparl.column.state": ("Status", "State"),
    "oparl.state.active": ("I bruk", "Active"),
    "oparl.state.revoked": ("Trukket tilbake", "Revoked"),
    "oparl.state.expired": ("Utløpt", "Expired"),
    # The audit trail's words for the tokens' events
    "audit_trail.entity.api_token": ("API-token", "API token"),
    "audit_trail.area.api_token": ("API-token", "API token"),
    "audit_trail.action.api_token.create": ("API-token laget", "API token made"),
    "audit_trail.action.api_token.revoke": ("API-token trukket tilbake", "API token revoked"),
    "error.token_name": (
        "Skriv hva tokenet er til (høyst 100 tegn).",
        "Write what the token is for (at most 100 characters).",
    ),
    "error.token_expiry": ("Utløpsdatoen må være etter i dag.", "The expiry date must be after today."),
    "error.token_revoked": ("Tokenet er allerede trukket tilbake.", "The token is already revoked."),
}
