"""Process-wide resources for the pages (settings, engine, sessions) and the language of the session."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg import i18n
from osloreg.audit import witness as audit_witness
from osloreg.clock import oslo_time  # noqa: F401 - the views format moments with it from here
from osloreg.config import Settings, load_settings
from osloreg.db import make_engine, read_session

log = logging.getLogger("osloreg")
LANGUAGE_KEY = "language"


@st.cache_resource
def settings() -> Settings:
    return load_settings()


@st.cache_resource
def engine() -> Engine:
    engine_ = make_engine(settings().database_url)
    # Each commit that writes audit events records the chain's head outside the database.
    audit_witness.attach(engine_, audit_witness.witness_path(settings().var_dir))
    return engine_


@contextmanager
def db_session() -> Iterator[Session]:
    """A session for reads or for one service call (a service opens and commits its own transaction)."""
    with read_session(engine()) as session:
        yield session


def language() -> str:
    value = st.session_state.get(LANGUAGE_KEY, i18n.DEFAULT_LANGUAGE)
    return value if value in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def t(key: str, **params: object) -> str:
    """The message for `key` in the session's language."""
    return i18n.translate(key, language(), **params)


def fmt_date(value, *, long: bool = False) -> str:
    return i18n.format_date(value, language(), long=long)


def fmt_datetime(value) -> str:
    return i18n.format_datetime(value, language())


def fmt_number(value, *, decimals: int = 0) -> str:
    return i18n.format_number(value, language(), decimals=decimals)
