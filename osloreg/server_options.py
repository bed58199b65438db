"""Streamlit's own settings that production depends on, judged as the server runs with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The largest document the app takes (config.MAX_DOCUMENT_MB; the imports' own limit is 5 MB, set on
# their uploader): the server holds a whole upload in memory, so more only feeds a memory attack.
MAX_UPLOAD_MB = 20


@dataclass(frozen=True)
class Requirement:
    option: str  # Streamlit's name, as in .streamlit/config.toml and `streamlit run --<option>`
    env_var: str  # the STREAMLIT_* variable that overrides config.toml (so does the flag)
    allows: Callable[[Any], bool]
    wanted: str
    why: str
    # False: a setting that costs speed, not safety: check-config and the log say so; production runs.
    refuses: bool = True


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
        "the largest document is 20 MB; the server holds a whole upload in memory",
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
    Requirement(
        "runner.postScriptGC",
        "STREAMLIT_RUNNER_POST_SCRIPT_GC",
        lambda value: value is False,
        "false",
        "with it every run ends in a full garbage collection (160-200 ms measured) that each click waits for",
        refuses=False,
    ),
)


@dataclass(frozen=True)
class Finding:
    requirement: Requirement
    value: Any

    @property
    def allowed(self) -> bool:
        return self.requirement.allows(self.value)

    @property
    def ok(self) -> bool:
        """Not refused: allowed, or only advised against."""
        return self.allowed or not self.requirement.refuses

    @property
    def advised(self) -> bool:
        """Not as advised, but not refused either (a setting that costs speed)."""
        return not self.allowed and not self.requirement.refuses

    @property
    def text(self) -> str:
        """One line for check-config and the log: the setting, its value, and if refused, why and
        where such a value comes from."""
        req = self.requirement
        shown = f"Streamlit {req.option} = {_toml(self.value)}"
        if self.allowed:
            return shown
        verdict = "production needs" if req.refuses else "advised:"
        return (
            f"{shown}: {verdict} {req.wanted}, because {req.why}. .streamlit/config.toml sets "
            f"it; {req.env_var} or `streamlit run --{req.option}` override that: remove the override"
        )


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return f'"{value}"' if isinstance(value, str) else str(value)


def check(get_option: Callable[[str], Any]) -> list[Finding]:
    """Each requirement with the value `get_option` reports for it."""
    return [Finding(req, get_option(req.option)) for req in REQUIREMENTS]
