"""Whether an OpenID provider's discovery document can be had and names its endpoints, asked before a
login is sent there: a provider that is down, silent or answers garbage is then told on the login page
in words, where Streamlit's login route would show its own bare "Authentication error" page."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 3.0  # a provider's discovery answers in well under a second; a silent one is down
MAX_BYTES = 1_000_000  # a discovery document is a few kilobytes
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


def discovery_problem(metadata_url: str, *, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """None when the provider answers with a JSON discovery document naming its endpoints; otherwise
    why not, in English for the log (never shown: the page says it in words of its own)."""
    if not metadata_url.startswith(("https://", "http://")):
        return "the metadata URL is not http(s)"
    request = urllib.request.Request(metadata_url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - checked above
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        return f"it answered HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"it cannot be reached: {type(error).__name__}: {error}"[:300]
    if len(body) > MAX_BYTES:
        return "its discovery document is too large"
    try:
        document = json.loads(body)
    except ValueError:
        return "its discovery document is not JSON"
    if not isinstance(document, dict):
        return "its discovery document is not a JSON object"
    missing = [name for name in REQUIRED if not isinstance(document.get(name), str) or not document[name]]
    if missing:
        return "its discovery document names no " + ", ".join(missing)
    return None
