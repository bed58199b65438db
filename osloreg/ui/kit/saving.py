"""Forms that save through a service: values that survive reruns, a message after the rerun, and the
three-way merge after an edit conflict (keep what this user changed, take the rest as saved now)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from osloreg.rules.merge import merge_after_conflict, same
from osloreg.rules.text import safe_markdown
from osloreg.services.base import Conflict, DomainError
from osloreg.ui.kit.errors import show_error
from osloreg.ui.kit.session import db_session, log, t
from osloreg.ui.kit.tables import escape_markdown
from osloreg.ui.kit.values import value_text

T = TypeVar("T")
_FLASH = "osloreg_flash"
# What a form keeps beside its fields: the version or the state it was read at, and the status it
# was in (the services' optimistic locking takes them), never shown as fields.
BASE_ONLY = ("version", "expected", "status")
# Text longer than this (or on several lines) is shown in an expander in the conflict message.
SHORT_TEXT = 80


# --- Messages that outlive a rerun ----------------------------------------------------------------


def flash(message: str) -> None:
    """A success message for the next run (a write is followed by st.rerun(), which would drop it)."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


# --- A form's values ------------------------------------------------------------------------------


def keep(values: Mapping[str, Any]) -> None:
    """Put a form's starting values in session_state (once): the widgets then take their values
    from there, so what was typed survives a failed save, a conflict and a refreshed record."""
    for name, value in values.items():
        if name not in st.session_state:
            st.session_state[name] = value


def forget(names: Iterable[str]) -> None:
    for name in names:
        st.session_state.pop(name, None)


def fresh_key(name: str) -> str:
    """A widget key that `renew` replaces: the browser keeps showing what a widget held when only
    its session value is removed, so a form emptied after a save gets widgets of new keys."""
    generation = st.session_state.get(f"{name}__generation", 0)
    return f"{name}_{generation}" if generation else name


def renew(name: str) -> None:
    st.session_state[f"{name}__generation"] = st.session_state.get(f"{name}__generation", 0) + 1


def _base_key(form_id: str) -> str:
    return f"{form_id}_base"


def _fields_key(form_id: str) -> str:
    return f"{form_id}__fields"


def _refused_key(form_id: str) -> str:
    return f"{form_id}__refused"


def _notice_key(form_id: str) -> str:
    return f"{form_id}__notice"


def form_fields(form_id: str, start: Mapping[str, Any]) -> tuple[str, dict[str, Any], dict[str, str]]:
    """(base key, base, widget keys) of a form: the values it started from are kept under the base
    key and each field's value under its own key, both set once, so a rerun or a refusal keeps what
    was typed. After a conflict (see `save`), `start` (the record as saved now) becomes the base and
    the fields are merged: those this user changed keep their value, the others take the record's."""
    names = [name for name in start if name not in BASE_ONLY]
    refused = st.session_state.pop(_refused_key(form_id), None)
    if refused is not None:
        _merge(form_id, refused, start, names)
    keep({_base_key(form_id): dict(start)})
    base = st.session_state[_base_key(form_id)]
    keys = {name: fresh_key(f"{form_id}_{name}") for name in names}
    keep({keys[name]: base[name] for name in keys})
    st.session_state[_fields_key(form_id)] = keys  # what `save` reads as "mine" on a conflict
    return _base_key(form_id), base, keys


def finish(form_id: str, keys: Mapping[str, str], message: str) -> None:
    """After a save: the form starts afresh (from the record, or empty), with widgets of new keys so
    the browser shows it so; the message shows on the next run."""
    forget([_base_key(form_id), *keys.values(), _notice_key(form_id)])
    for name in keys:
        renew(f"{form_id}_{name}")
    flash(message)
    st.rerun()


def unchanged(base: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    """True if the form's values are those it started from."""
    return all(same(base.get(name), value) for name, value in values.items())


# --- Saving ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Refused:
    """What a refused save leaves for the form's next run: what it started from, what it held, and
    how to tell the user (the message, the fields' names, how to show a value)."""

    base: dict[str, Any]
    mine: dict[str, Any]
    error: Conflict
    labels: dict[str, str]
    describe: Callable[[str, Any], str] | None


@dataclass(frozen=True)
class _Notice:
    error: Conflict
    both_changed: tuple[tuple[str, Any], ...]  # (field, the value saved now)
    labels: dict[str, str]
    describe: Callable[[str, Any], str] | None


def save(
    action: Callable[[Session], T],
    *,
    base_key: str | None = None,
    labels: Mapping[str, str] | None = None,
    describe: Callable[[str, Any], str] | None = None,
    failed: str | None = None,
) -> T | None:
    """Run one service call in its own session. On a refusal show why and return None; the form keeps
    its values. On a conflict in a form of `form_fields` (its `base_key`), rerun: the form is then
    merged with the record as saved now, and `show_conflict` says so, naming the fields both changed
    (`labels`: field -> name; `describe(field, value)`: a value in words). Nothing is cleared: the
    write raised the data versions the cached reads are keyed by (osloreg.ui.kit.cache)."""
    try:
        with db_session() as session:
            result = action(session)
    except Conflict as error:
        form_id = base_key.removesuffix("_base") if base_key else None
        keys = st.session_state.get(_fields_key(form_id)) if form_id else None
        if form_id is None or keys is None:
            show_error(error)
            return None
        st.session_state[_refused_key(form_id)] = _Refused(
            base=dict(st.session_state.get(base_key, {})),
            mine={name: st.session_state.get(key) for name, key in keys.items()},
            error=error,
            labels=dict(labels or {}),
            describe=describe,
        )
        st.rerun()
    except DomainError as error:
        show_error(error)
        return None
    except SQLAlchemyError as error:  # the database failed: the transaction rolled back, say so in words
        if failed is None:
            show_error(error)
        else:
            log.exception("write failed", exc_info=error)
            st.error(failed)
        return None
    return result


def _merge(form_id: str, refused: _Refused, start: Mapping[str, Any], names: list[str]) -> None:
    """The form after a conflict: the record as saved now is its base (with its new version, so the
    next save is judged against it); fields this user left take the saved value, shown in widgets
    of new keys (the browser keeps showing an old value when only the session value changes)."""
    theirs = {name: start[name] for name in names}
    merged = merge_after_conflict(refused.base, refused.mine, theirs)
    st.session_state[_base_key(form_id)] = dict(start)
    for name in merged.taken:
        forget([fresh_key(f"{form_id}_{name}")])
        renew(f"{form_id}_{name}")
    for name in names:
        st.session_state[fresh_key(f"{form_id}_{name}")] = merged.values.get(name, start[name])
    st.session_state[_notice_key(form_id)] = _Notice(
        error=refused.error,
        both_changed=tuple((name, theirs[name]) for name in merged.both_changed),
        labels=refused.labels,
        describe=refused.describe,
    )


def show_conflict(form_id: str) -> None:
    """After a conflict, once: that someone else saved first, that the form now holds their version
    with this user's own changes, and (for the fields both changed) what is saved now."""
    notice: _Notice | None = st.session_state.pop(_notice_key(form_id), None)
    if notice is None:
        return
    show_error(notice.error)
    if not notice.both_changed:
        st.info(t("forms.conflict.merged"))
        return
    names = ", ".join(notice.labels.get(name, name) for name, _ in notice.both_changed)
    st.warning(t("forms.conflict.both_changed", fields=names))
    for name, value in notice.both_changed:
        label = notice.labels.get(name, name)
        if isinstance(value, str) and _long(value):
            with st.expander(t("decisions.form.now_saved", field=label)):
                st.markdown(safe_markdown(value))
            continue
        shown = notice.describe(name, value) if notice.describe is not None else describe_value(value)
        st.markdown(f"**{escape_markdown(label)}**: {escape_markdown(shown) if shown else '–'}")


def _long(text: str) -> bool:
    return len(text) > SHORT_TEXT or "\n" in text


def describe_value(value: Any) -> str:
    """A value in words, for a form that gives no `describe`."""
    return value_text("", value)
