"""The README's reverse-proxy example sets what Streamlit does not (security review, finding 23): the
framing and content headers, and no way to /_stcore/metrics or the agent API from outside."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _nginx_example() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Behind a reverse proxy", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```nginx\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 1, "the proxy section should hold one nginx example"
    return blocks[0]


def _headers(config: str) -> dict[str, str]:
    return {
        name.lower(): value
        for name, value in re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', config, flags=re.M)
    }


def test_the_example_sets_every_header_the_app_needs_from_the_proxy():
    headers = _headers(_nginx_example())
    assert headers.get("content-security-policy") == "frame-ancestors 'self'"
    assert headers.get("x-frame-options") == "SAMEORIGIN"
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") == "no-referrer"
    assert headers.get("strict-transport-security", "").startswith("max-age=")


def test_the_example_never_frames_out_the_apps_own_components():
    # 'none' or DENY would also forbid the app's own component frames: nobody could log in.
    config = _nginx_example()
    assert "frame-ancestors 'none'" not in config
    assert "DENY" not in config


def test_the_example_blocks_metrics_and_the_agent_api_and_forwards_the_websocket():
    config = _nginx_example()
    assert re.search(r"location\s*=\s*/_stcore/metrics\s*\{\s*return 404;\s*\}", config)
    assert re.search(r"location\s*\^~\s*/_stcore/agent/\s*\{\s*return 404;\s*\}", config)
    assert "proxy_set_header Upgrade $http_upgrade;" in config
    assert "proxy_set_header Connection $connection_upgrade;" in config
    # An upload of the largest import allowed (5 MB) passes the proxy.
    size = re.search(r"client_max_body_size\s+(\d+)m;", config)
    assert size and int(size.group(1)) >= 5
