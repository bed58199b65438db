"""AppTest as a running server has it: the scan for installed v2 components done once per process."""

from __future__ import annotations

import functools


def scan_components_once() -> None:
    """A Streamlit server scans the installed packages for v2 components once, when it starts; AppTest
    scans again for every new AppTest: about 60 ms of reading some 280 packages' metadata in a thread
    pool, no page's work, and the widest source of spread in a fresh session's time. Keep the first
    scan's answer for the process (the installed packages do not change while it runs)."""
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(scan)
