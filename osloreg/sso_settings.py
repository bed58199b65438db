"""Single sign-on settings: the providers of secrets.toml's [auth.<name>], our own rules for each
([osloreg.sso.<name>] or OSLOREG_SSO_<NAME>_* variables), the salt for ID-porten's numbers, and the
switch for local (password) logins."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osloreg.enums import Role
from osloreg.key_strength import MIN_KEY_BITS, estimate_bits, installation_secret
from osloreg.rules import sso as rules

METADATA_SUFFIX = "/.well-known/openid-configuration"
MIN_SALT_BYTES = 32


class SsoConfigError(ValueError):
    """An SSO setting is missing or unsafe (config.ConfigError wraps it)."""


@dataclass(frozen=True)
class SsoProvider:
    """One OpenID provider as the app judges its logins. Secrets (client secret) are not kept here:
    Streamlit reads them from [auth.<name>] itself; `has_secret` says whether one is set."""

    name: str  # the key under [auth.<name>]: st.login(name)
    kind: str  # rules.ENTRA or rules.IDPORTEN
    client_id: str
    issuer: str
    metadata_url: str
    has_secret: bool
    tenant_id: str | None = None
    link_by_email: bool = False
    group_roles: Mapping[str, str] = field(default_factory=dict)
    min_acr: str | None = None

    def describe(self) -> str:
        """For check-config: never a secret."""
        extra = []
        if self.kind == rules.ENTRA:
            extra.append(f"tenant {self.tenant_id or 'any'}")
            extra.append("link by e-mail" if self.link_by_email else "no link by e-mail")
            extra.append(f"{len(self.group_roles)} group(s) mapped to roles")
        else:
            extra.append(f"at least {self.min_acr}")
        return f"{self.name} ({self.kind}): issuer {self.issuer}, client {self.client_id}, {', '.join(extra)}"


@dataclass(frozen=True)
class SsoSettings:
    providers: tuple[SsoProvider, ...] = ()
    pid_salt: str | None = field(default=None, repr=False)
    local_login: bool = True
    redirect_uri: str | None = None
    has_cookie_secret: bool = False

    def provider(self, name: str | None) -> SsoProvider | None:
        return next((p for p in self.providers if p.name == name), None)

    def problems(self, *, production: bool) -> list[str]:
        """What check-config fails production for (demo: the same list, shown as warnings)."""
        found = []
        if self.providers:
            if not self.has_cookie_secret:
                found.append("[auth] has no cookie_secret")
            if not self.redirect_uri:
                found.append("[auth] has no redirect_uri (https://<host>/oauth2callback)")
            elif production and not self.redirect_uri.startswith("https://"):
                found.append("[auth] redirect_uri is not https")
        for provider in self.providers:
            if not provider.client_id or not provider.has_secret or not provider.metadata_url:
                found.append(f"[auth.{provider.name}] needs client_id, client_secret and server_metadata_url")
            if provider.kind == rules.IDPORTEN and not self.pid_salt:
                found.append("ID-porten needs OSLOREG_SSO_PID_SALT")
        if not self.local_login and not self.providers:
            found.append("OSLOREG_LOCAL_LOGIN is off and no identity provider is set: no one can log in")
        return found


def _flag(value: Any, name: str, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in ("true", "false", "1", "0", "yes", "no"):
        raise SsoConfigError(f"{name} must be true or false, not {text!r}.")
    return text in ("true", "1", "yes")


def _kind(name: str, ours: Mapping[str, Any]) -> str:
    kind = str(ours.get("kind") or name).lower()
    if kind not in rules.KINDS:
        raise SsoConfigError(
            f"[osloreg.sso.{name}] kind must be one of {', '.join(rules.KINDS)} (or name the provider so)."
        )
    return kind


def _provider(
    name: str, auth: Mapping[str, Any], ours: Mapping[str, Any], env: Mapping[str, str]
) -> SsoProvider:
    def setting(key: str) -> Any:
        value = env.get(f"OSLOREG_SSO_{name.upper()}_{key.upper()}")
        return ours.get(key) if value is None else value

    kind = _kind(name, ours)
    metadata_url = str(auth.get("server_metadata_url") or "")
    tenant_id = setting("tenant_id") or None
    issuer = setting("issuer")
    if not issuer and kind == rules.ENTRA and tenant_id:
        issuer = f"https://login.microsoftonline.com/{tenant_id}/v2.0"
    if not issuer and metadata_url.endswith(METADATA_SUFFIX):
        issuer = metadata_url[: -len(METADATA_SUFFIX)]
    group_roles = dict(setting("group_roles") or {})
    unknown = sorted(set(group_roles.values()) - {role.value for role in Role})
    if unknown:
        raise SsoConfigError(f"[osloreg.sso.{name}.group_roles] names unknown roles: {', '.join(unknown)}.")
    min_acr = None
    if kind == rules.IDPORTEN:
        min_acr = str(setting("min_acr") or rules.DEFAULT_ACR)
        if min_acr not in rules.ACR_LEVELS[1:]:
            raise SsoConfigError(
                f"[osloreg.sso.{name}] min_acr must be {' or '.join(rules.ACR_LEVELS[1:])}, not {min_acr!r}."
            )
    return SsoProvider(
        name=name,
        kind=kind,
        client_id=str(auth.get("client_id") or ""),
        issuer=str(issuer or ""),
        metadata_url=metadata_url,
        has_secret=bool(auth.get("client_secret")),
        tenant_id=str(tenant_id) if tenant_id else None,
        link_by_email=_flag(
            setting("link_by_email"), f"[osloreg.sso.{name}] link_by_email", kind == rules.ENTRA
        ),
        group_roles=group_roles,
        min_acr=min_acr,
    )


def check_salt(salt: str | None) -> None:
    if not salt:
        raise SsoConfigError(
            "OSLOREG_SSO_PID_SALT is missing: ID-porten is configured, and the national identity numbers are "
            "kept only as a hash salted with it (make one with `openssl rand -base64 32`)."
        )
    if len(salt.encode("utf-8")) < MIN_SALT_BYTES or estimate_bits(salt) < MIN_KEY_BITS:
        raise SsoConfigError(
            f"OSLOREG_SSO_PID_SALT is too weak: at least {MIN_SALT_BYTES} random bytes "
            "(`openssl rand -base64 32`). Changing it later unlinks every ID-porten identity."
        )


def load_sso(
    file_values: Mapping[str, Any],
    env: Mapping[str, str],
    get: Callable[..., str | None],
    *,
    production: bool,
    var_dir: Path,
) -> SsoSettings:
    auth = file_values.get("auth") or {}
    ours = (file_values.get("osloreg") or {}).get("sso") or {}
    providers = tuple(
        _provider(name, section, ours.get(name) or {}, env)
        for name, section in auth.items()
        if isinstance(section, Mapping)
    )
    salt = env.get("OSLOREG_SSO_PID_SALT") or ours.get("pid_salt") or get("sso_pid_salt")
    if any(p.kind == rules.IDPORTEN for p in providers):
        if production or salt:
            check_salt(salt)
        else:
            salt = installation_secret(var_dir, "sso_pid_salt")
    return SsoSettings(
        providers=providers,
        pid_salt=salt or None,
        local_login=_flag(get("local_login"), "OSLOREG_LOCAL_LOGIN", True),
        redirect_uri=str(auth.get("redirect_uri") or "") or None,
        has_cookie_secret=bool(auth.get("cookie_secret")),
    )
