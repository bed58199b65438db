"""Streamlit's own settings that production depends on, judged as the server runs with them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

MAX_UPLOAD_MB = 5  # the imports' own limit (osloreg.importer); more only feeds a memory attack


@dataclass(frozen=True)
class Requirement:
    option: str  # Streamlit's name, as in .streamlit/config.toml and `streamlit run --<option>`
    env_var: str  # the STREAMLIT_* variable that overrides config.toml (so does the flag)
    allows: Callable[[Any], bool]
    wanted: str
    why: str


REQUIREMENTS = (
    Requirement(
        "server.enableXsrfProtection",
        "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION",
        lambda value: value is True,
        "true",
        "without it another web site can make a logged-in user's browser upload files",
    ),
    Requirement(
        "server.enableCORS",
        "STREAMLIT_SERVER_ENABLE_CORS",
        lambda value: value is True,
        "true",
        "without it a page on any web site may connect to the app's websocket",
    ),
    Requirement(
        "client.showErrorDetails",
        "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS",
        # The legacy false means "stacktrace", not "none".
        lambda value: isinstance(value, str) and value.lower() == "none",
        '"none"',
        "anything else shows tracebacks, with file paths and values, in the browser",
    ),
    Requirement(
        "server.maxUploadSize",
        "STREAMLIT_SERVER_MAX_UPLOAD_SIZE",
        lambda value: isinstance(value, int) and 0 < value <= MAX_UPLOAD_MB,
        f"at most {MAX_UPLOAD_MB} (MB)",
        "imports are small files; the server holds a whole upload in memory",
    ),
    Requirement(
        "browser.gatherUsageStats",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS",
        lambda value: value is False,
        "false",
        "otherwise every browser reports its use of the app to Streamlit's servers",
    ),
    Requirement(
        "server.enableAgentApi",
        "STREAMLIT_SERVER_ENABLE_AGENT_API",
        lambda value: value is False,
        "false",
        "the app serves people in a browser; an API for scripted clients is a door it does not need",
    ),
)


@dataclass(frozen=True)
class Finding:
    requirement: Requirement
    value: Any

    @property
    def ok(self) -> bool:
        return self.requirement.allows(self.value)

    @property
    def text(self) -> str:
        """One line for check-config and the log: the setting, its value, and if refused, why and
        where such a value comes from."""
        req = self.requirement
        shown = f"Streamlit {req.option} = {_toml(self.value)}"
        if self.ok:
            return shown
        return (
            f"{shown}: production needs {req.wanted}, because {req.why}. .streamlit/config.toml sets "
            f"it; {req.env_var} or `streamlit run --{req.option}` override that: remove the override"
        )


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return f'"{value}"' if isinstance(value, str) else str(value)


def check(get_option: Callable[[str], Any]) -> list[Finding]:
    """Each requirement with the value `get_option` reports for it."""
    return [Finding(req, get_option(req.option)) for req in REQUIREMENTS]


def as_streamlit_run_sees_them(flags: Sequence[str] = ()) -> Callable[[str], Any]:
    """Streamlit's options as `streamlit run app.py <flags>` would start with them, for a process
    that is not the server (check-config). Outside `streamlit run`, Streamlit reads only the
    config.toml files: the STREAMLIT_* variables are read by its command line (click), as if they
    were flags. So its own command line parses them here, and its own loader applies them.

    Raises click.ClickException when a variable or flag holds a value Streamlit would refuse."""
    # Streamlit is imported here, not at the top: the command line imports this module, and the
    # other commands have no need of it.
    from streamlit import config
    from streamlit.web import bootstrap, cli

    context = cli.main_run.make_context("run", ["app.py", *flags])
    flag_options = {name: value for name, value in context.params.items() if name not in ("target", "args")}
    bootstrap.load_config_options(flag_options=flag_options)
    return config.get_option
