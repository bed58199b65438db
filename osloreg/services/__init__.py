"""Write side: every change goes through a service that checks the role, validates and audits."""

from __future__ import annotations

import importlib
import pkgutil

import osloreg


def load_all_services() -> None:
    """Import every module of the package so that every service is in base.REGISTRY."""
    for module in pkgutil.walk_packages(osloreg.__path__, prefix="osloreg."):
        if not module.name.startswith(("osloreg.ui", "osloreg.auth", "osloreg.cli", "osloreg.__main__")):
            importlib.import_module(module.name)
