"""Cached reads keyed by the data versions of what they read: never stale, in any process, never cleared."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from osloreg import data_versions
from osloreg.ui.kit.session import engine

F = TypeVar("F", bound=Callable[..., Any])
# Without a ttl an entry lives until it is pushed out; entries under old versions are never read again.
MAX_ENTRIES = 64
_SESSIONS_REMEMBERED = 1_000  # sessions whose run's versions are kept (a few hundred bytes each)

# Streamlit session id -> (the run's marker, local commits, versions) of the last run that read them.
_runs: dict[str, tuple[object, int, Mapping[str, int]]] = {}
_runs_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _reader() -> data_versions.Reader:
    """The process's own connection for version look-ups (cleared, like the engine, with cache_resource)."""
    return data_versions.Reader(engine())


def versions() -> Mapping[str, int]:
    """The data versions, read at most once per script run (one query of a handful of rows). A write
    committed by this process since they were read (a save earlier in the same run) reads them again;
    one by another process is seen on the next run."""
    ctx = get_script_run_ctx(suppress_warning=True)
    # A dict Streamlit makes anew for every run (and every fragment's run) of a session.
    marker = getattr(ctx, "cursors", None)
    commits = data_versions.local_commits()
    if ctx is not None and marker is not None:
        seen = _runs.get(ctx.session_id)
        if seen is not None and seen[0] is marker and seen[1] == commits:
            return seen[2]
    current = _reader().read()
    if ctx is not None and marker is not None:
        with _runs_lock:
            if len(_runs) >= _SESSIONS_REMEMBERED:
                _runs.clear()
            _runs[ctx.session_id] = (marker, commits, current)
    return current


def cached_read(
    *areas: str, max_entries: int = MAX_ENTRIES, show_spinner: bool | str = False
) -> Callable[[F], F]:
    """Cache a loader with st.cache_data under its arguments and the current versions of `areas` (the
    areas of the data its queries read): a write to any of them in any process makes the next call read
    the database again. Name every area the queries touch; a missing one shows stale data."""
    names = data_versions.check(areas)

    def decorate(fn: F) -> F:
        signature = inspect.signature(fn)

        def read_at(*, versions: tuple[int, ...], arguments: tuple[tuple[str, Any], ...]) -> Any:
            return fn(**dict(arguments))

        # Streamlit keys a function's cache by its module, name and source: the loader's, not this one's.
        for name in ("__module__", "__name__", "__qualname__"):
            setattr(read_at, name, getattr(fn, name))
        read_at.__wrapped__ = fn  # type: ignore[attr-defined]
        cached = st.cache_data(show_spinner=show_spinner, max_entries=max_entries)(read_at)

        @functools.wraps(fn)
        def read(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()  # f(1), f(x=1) and f() with x=1 the default share one entry
            key = data_versions.key(versions(), names)
            return cached(versions=key, arguments=tuple(bound.arguments.items()))

        return read  # type: ignore[return-value]

    return decorate
