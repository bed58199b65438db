"""The admin's audit trail (filters, pages, before → after in words, a row in full, export) and one
record's whole history when the address names it (/admin?entity=project&entity_id=12)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from osloreg import export, i18n
from osloreg.clock import oslo_today
from osloreg.i18n import history as history_words
from osloreg.queries import audit
from osloreg.queries.audit import NO_USER, AuditFilters
from osloreg.rules.ids import parse_id
from osloreg.rules.permissions import Action, allowed
from osloreg.ui.admin import loaders as audit_loaders
from osloreg.ui.admin.audit_chain import render_status as render_chain_status
from osloreg.ui.kit import downloads, forms, history
from osloreg.ui.kit.session import fmt_datetime, fmt_number, language, oslo_time, t
from osloreg.ui.kit.tables import escape_markdown, moments, table, text
from osloreg.ui.login import CurrentUser

Column = st.column_config
QUERY_ENTITY, QUERY_ID = "entity", "entity_id"
FILTER_KEYS = {name: f"audit_filter_{name}" for name in ("actor", "entity", "action", "from", "to", "record")}
EARLIEST_DAY = dt.date(2000, 1, 1)
EXPORT_MAX = 10_000  # the newest this many: a spreadsheet of the whole trail helps no one


# --- Words for codes -------------------------------------------------------------------------------


def _known(key: str) -> bool:
    return key in i18n.catalogue()


def _say(key: str, fallback: str, language_: str | None) -> str:
    return i18n.translate(key, language_ or language()) if _known(key) else fallback


def action_text(action: str, language_: str | None = None) -> str:
    """ "project.status" -> "Prosjekt: Ny status": the area first, as "Registrert" alone could be a
    project or a case."""
    key = next((key for key in (f"audit.{action}", f"audit_trail.action.{action}") if _known(key)), None)
    words = _say(key, action, language_) if key else action
    area = action.split(".", 1)[0]
    if "." in action and _known(f"audit_trail.area.{area}"):
        return f"{_say(f'audit_trail.area.{area}', area, language_)}: {words}"
    return words


def entity_text(entity: str, language_: str | None = None) -> str:
    return _say(f"audit_trail.entity.{entity}", entity, language_)


def record_text(name: Any, entity_id: Any, language_: str | None = None) -> str:
    if entity_id is None or pd.isna(entity_id):
        return ""
    lang = language_ or language()
    if isinstance(name, str) and name:
        return i18n.translate("audit_trail.record", lang, name=name, id=int(entity_id))
    return i18n.translate("audit_trail.record_id", lang, id=int(entity_id))


def field_label(path: str, language_: str | None = None) -> str:
    name = path.rsplit(".", 1)[-1]
    for key in (f"field.{name}", f"audit_trail.field.{name}"):
        if _known(key):
            return i18n.translate(key, language_ or language())
    return name.replace("_", " ")


def _coded(entity: str) -> dict[str, str]:
    return history_words.coded(entity)


def _label(entity: str) -> Callable[[str], str]:
    # A case's path is numbered by step: its page words those fields ("Steg 2: Organ").
    if entity == "case":
        return lambda path: history_words.case_field_label(path, language())
    return field_label


# --- The trail ------------------------------------------------------------------------------------


def _clear_filters() -> None:
    for name in FILTER_KEYS.values():
        st.session_state.pop(name, None)


def _filters() -> AuditFilters:
    options = audit_loaders.trail_options()
    everyone = t("audit_trail.filter.all")
    who, kind, what = st.columns(3)
    with who:
        actor = forms.options_box(
            t("audit_trail.filter.actor"),
            [(NO_USER, t("audit_trail.no_user")), *options.actors],
            key=FILTER_KEYS["actor"],
            none_label=everyone,
        )
    with kind:
        entity = forms.options_box(
            t("audit_trail.filter.entity"),
            [(name, entity_text(name)) for name in options.entities],
            key=FILTER_KEYS["entity"],
            none_label=everyone,
        )
    with what:
        action = forms.options_box(
            t("audit_trail.filter.action"),
            sorted(((name, action_text(name)) for name in options.actions), key=lambda pair: pair[1]),
            key=FILTER_KEYS["action"],
            none_label=everyone,
        )
    # Any day the trail may hold: the widget's own bounds (ten years either way) would hide older ones.
    bounds = {"min_value": EARLIEST_DAY, "max_value": oslo_today() + dt.timedelta(days=366)}
    bounds["format"] = forms.date_format()
    start, end, record, clear = st.columns([2, 2, 2, 1], vertical_alignment="bottom")
    date_from = start.date_input(t("audit_trail.filter.from"), value=None, key=FILTER_KEYS["from"], **bounds)
    date_to = end.date_input(t("audit_trail.filter.to"), value=None, key=FILTER_KEYS["to"], **bounds)
    entity_id = record.number_input(
        t("audit_trail.filter.record"),
        min_value=1,
        max_value=999_999_999,
        value=None,
        step=1,
        help=t("audit_trail.filter.record_help"),
        disabled=entity is None,  # an id means something only within a kind of record
        key=FILTER_KEYS["record"],
    )
    clear.button(t("audit_trail.filter.clear"), on_click=_clear_filters, key="audit_filter_clear")
    if date_from is not None and date_to is not None and date_from > date_to:
        st.warning(t("audit_trail.filter.bad_range"))
    return AuditFilters(
        actor_id=actor,
        entity=entity,
        entity_id=int(entity_id) if entity is not None and entity_id is not None else None,
        action=action,
        date_from=date_from,
        date_to=date_to,
    )


def _rows(listing_rows: pd.DataFrame) -> pd.DataFrame:
    rows = listing_rows
    return rows.assign(
        when=moments(rows["at"]),
        what=rows["action"].map(action_text),
        kind=rows["entity"].map(entity_text),
        record_text=[record_text(n, i) for n, i in zip(rows["record"], rows["entity_id"], strict=True)],
        details=[
            history.changes_text(changes, _coded(entity), _label(entity))
            for changes, entity in zip(rows["changes"], rows["entity"], strict=True)
        ],
    )


def _trail(name: str, filters: AuditFilters, *, empty: str) -> None:
    """The events that pass `filters`, a page at a time; the selected one in full below."""
    page_key = forms.key(f"{name}_page", filters)
    listing = forms.paged(page_key, lambda limit, offset: audit_loaders.trail(filters, limit, offset))
    st.caption(t("audit_trail.count", count=fmt_number(listing.total)))
    if listing.rows.empty:
        st.info(empty)
        return
    columns = {
        "when": text(t("audit_trail.col.when")),
        "actor": text(t("audit_trail.col.who")),
        "what": text(t("audit_trail.col.action")),
        "kind": text(t("audit_trail.col.entity")),
        "record_text": Column.TextColumn(t("audit_trail.col.record"), width="medium"),
        "details": Column.TextColumn(t("audit_trail.col.changes"), width="large"),
    }
    chosen = forms.selectable_table(name, _rows(listing.rows), columns, listing=listing, page_key=page_key)
    if not chosen:
        st.caption(t("audit_trail.select"))
        return
    _event(chosen[0])


def _event(event_id: int) -> None:
    """One event in full: every field of the record before and after, side by side, in words."""
    detail = audit_loaders.event_detail(event_id)
    if detail is None:
        st.warning(t("audit_trail.detail.gone"))
        return
    record = record_text(detail.record, detail.entity_id) or entity_text(detail.entity)
    st.header(
        t(
            "audit_trail.detail.title",
            action=escape_markdown(action_text(detail.action)),
            record=escape_markdown(f"{entity_text(detail.entity)} {record}".strip()),
        )
    )
    st.caption(
        t(
            "audit_trail.detail.meta",
            when=fmt_datetime(oslo_time(detail.at)),
            who=escape_markdown(detail.actor),
            id=detail.id,
        )
    )
    fields = detail.fields
    only_changed = st.toggle(
        t("audit_trail.detail.only_changed"), value=True, key="audit_detail_only_changed"
    )
    if only_changed:
        fields = fields[fields["changed"]]
    if fields.empty:
        st.caption(t("audit_trail.detail.no_fields"))
    else:
        coded, label = _coded(detail.entity), _label(detail.entity)
        paths = fields["path"].tolist()

        def words(side: str) -> list[str]:
            return [history.value_text(p, v, coded) for p, v in zip(paths, fields[side], strict=True)]

        shown = pd.DataFrame(
            {
                "field": [label(path) for path in paths],
                "before": words("before"),
                "after": words("after"),
                "changed": fields["changed"].tolist(),
            }
        )
        table(
            shown,
            {
                "field": text(t("audit_trail.col.field")),
                "before": Column.TextColumn(t("audit_trail.col.before"), width="large"),
                "after": Column.TextColumn(t("audit_trail.col.after"), width="large"),
                "changed": Column.CheckboxColumn(t("audit_trail.col.changed")),
            },
        )
    with st.expander(t("audit_trail.detail.raw"), key=f"audit_detail_raw_{detail.id}"):
        before, after = st.columns(2)
        before.caption(t("audit_trail.col.before"))
        before.json(detail.before or {}, expanded=True)
        after.caption(t("audit_trail.col.after"))
        after.json(detail.after or {}, expanded=True)


def trail_file(filters: AuditFilters, *, kind: str) -> Callable[[], bytes]:
    """The newest EXPORT_MAX events that pass the filters, as Excel ("xlsx") or CSV, built when the
    user clicks."""

    def build(session: Session, language_: str) -> bytes:
        rows = audit.trail(session, filters=filters, limit=EXPORT_MAX).rows
        table = export_frame(rows, language_)
        if kind == "xlsx":
            return export.to_excel({i18n.translate("audit_trail.export.sheet", language_): table})
        return export.to_csv(table)

    return downloads.deferred_file(build)


def export_frame(rows: pd.DataFrame, language_: str) -> pd.DataFrame:
    """The trail for a spreadsheet: Oslo time, codes in words, headings in the user's language."""

    def label(path: str) -> str:
        return field_label(path, language_)

    def heading(name: str) -> str:
        return i18n.translate(f"audit_trail.col.{name}", language_)

    return pd.DataFrame(
        {
            heading("when"): [i18n.format_datetime(oslo_time(value), language_) for value in rows["at"]],
            heading("who"): rows["actor"].tolist(),
            heading("action"): [action_text(value, language_) for value in rows["action"]],
            heading("entity"): [entity_text(value, language_) for value in rows["entity"]],
            heading("record"): [
                record_text(n, i, language_) for n, i in zip(rows["record"], rows["entity_id"], strict=True)
            ],
            heading("changes"): [
                history.changes_text(changes, _coded(entity), label, language_)
                for changes, entity in zip(rows["changes"], rows["entity"], strict=True)
            ],
        }
    )


def render(user: CurrentUser) -> None:
    """The audit tab: filters, the trail newest first, the selected event in full, export."""
    if not allowed(user.roles, Action.ADMINISTER):
        st.error(t("guard.refused"))
        return
    render_chain_status()
    st.caption(t("audit_trail.intro"))
    filters = _filters()
    downloads.export_buttons(
        f"{t('audit_trail.export.file')}-{oslo_today().isoformat()}",
        lambda kind: trail_file(filters, kind=kind),
        disabled=False,
        key="audit_export",
    )
    st.caption(t("audit_trail.export.capped", max=fmt_number(EXPORT_MAX)))
    _trail("audit_trail", filters, empty=t("audit_trail.none"))


# --- One record's history ---------------------------------------------------------------------------


def entity_in_address() -> bool:
    """True if the address names a record (?entity=...&entity_id=...), valid or not: the page then
    shows that record's history, or says what is wrong with the address."""
    return QUERY_ENTITY in st.query_params or QUERY_ID in st.query_params


def _back_to_trail() -> None:
    st.query_params.pop(QUERY_ENTITY, None)
    st.query_params.pop(QUERY_ID, None)


def requested_record() -> tuple[str, int] | str:
    """(entity, id) from the address, or the message saying what is wrong with it."""
    entity = (st.query_params.get(QUERY_ENTITY) or "").strip()
    raw_id = st.query_params.get(QUERY_ID) or ""
    if entity not in audit.RECORDS:
        known = ", ".join(audit.RECORDS)
        return t("audit_trail.history.bad_entity", entity=escape_markdown(entity[:40]), known=known)
    entity_id = parse_id(raw_id)  # the same rule as every other link's id
    if entity_id is None:
        return t("audit_trail.history.bad_id", value=escape_markdown(raw_id[:40]))
    return entity, entity_id


def render_entity(user: CurrentUser) -> None:
    """Every audit event on one record (its children's too, where the services record them on it),
    newest first, titled with the record's kind and name, with the way back to the whole trail."""
    if not allowed(user.roles, Action.ADMINISTER):
        st.error(t("guard.refused"))
        return
    st.button(
        t("audit_trail.history.back"), icon=":material/arrow_back:", on_click=_back_to_trail, key="audit_back"
    )
    found = requested_record()
    if isinstance(found, str):
        st.error(found)
        return
    entity, entity_id = found
    name = audit_loaders.record_name(entity, entity_id)
    if name is None:
        st.header(t("audit_trail.history.title_gone", kind=entity_text(entity), id=entity_id))
        st.info(t("audit_trail.history.gone"))
    else:
        st.header(t("audit_trail.history.title", kind=entity_text(entity), name=escape_markdown(name)))
    _trail(
        f"audit_record_{entity}_{entity_id}",
        AuditFilters(entity=entity, entity_id=entity_id),
        empty=t("audit_trail.history.none"),
    )
