"""A failed write or read in words: the message a user sees, the unexpected in the log."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import OperationalError

from osloreg.db import storage_full
from osloreg.i18n.shell import CODED_ERROR_PARAMS
from osloreg.services.base import DomainError
from osloreg.ui.kit.session import log, t
from osloreg.ui.kit.tables import escape_markdown


def show_error(error: Exception) -> None:
    """Turn an expected failure into a message in the user's language; log the unexpected."""
    if isinstance(error, DomainError):
        # Values can come from the data (a title, a group's name): shown literally, never as markdown.
        params = {
            name: escape_markdown(value) if isinstance(value, str) else value
            for name, value in error.params.items()
        }
        if "field" in error.params:  # the field's name in the user's language, not the code's
            params["field"] = t(f"field.{error.params['field']}")
        for name, prefix in CODED_ERROR_PARAMS.items():  # codes from the data, in words
            if isinstance(error.params.get(name), str):
                params[name] = t(f"{prefix}.{error.params[name]}")
        st.error(t(error.key, **params))
    elif isinstance(error, OperationalError):
        log.exception("database error", exc_info=error)
        st.error(t("error.storage_full" if storage_full(error) else "error.database_unavailable"))
    else:
        log.exception("unexpected error", exc_info=error)
        st.error(t("error.unexpected"))
