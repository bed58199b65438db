"""Write side: every change goes through a service that checks the role, validates and audits."""

from __future__ import annotations

import importlib
import pkgutil

import osloreg

# Modules that hold no services and would pull in Streamlit or the command line.
_NOT_SERVICES = ("ui", "auth", "cli", "__main__")


def load_all_services() -> None:
    """Import every module of the package so that every service is in base.REGISTRY."""
    pending = [(osloreg.__path__, "osloreg.")]
    while pending:
        path, prefix = pending.pop()
        for module in pkgutil.iter_modules(path):
            if module.name in _NOT_SERVICES:
                continue
            imported = importlib.import_module(prefix + module.name)
            if module.ispkg:
                pending.append((imported.__path__, f"{prefix}{module.name}."))
