"""Import (admins): choose what, get the template, upload, see the rows and every row's errors, import."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from osloreg import export, i18n, importer
from osloreg.importer import ENUM_LABELS, MAX_MEGABYTES, SPECS, FileRefused, Kind, Type
from osloreg.services import imports
from osloreg.ui.kit import downloads, forms
from osloreg.ui.kit.session import db_session, fmt_date, fmt_datetime, language, t
from osloreg.ui.kit.tables import escape_markdown, table
from osloreg.ui.login import CurrentUser

KIND_KEY = "import_kind"
CHECKED_KEY = "import_checked"  # what the last upload was found to hold, so a rerun does not check it again
PREVIEW_ROWS = 20
Column = st.column_config


def _progress(message_key: str):
    """A progress bar that appears with the first report (every 500 rows, and at the end)."""
    holder: dict[str, Any] = {}

    def report(done: int, total: int) -> None:
        text = t(message_key, done=done, total=total)
        if "bar" not in holder:
            holder["bar"] = st.progress(0.0, text=text)
        holder["bar"].progress(done / total if total else 1.0, text=text)

    def clear() -> None:
        if "bar" in holder:
            holder["bar"].empty()

    return report, clear


def _template(kind: Kind) -> None:
    language_ = language()  # the download is built on another thread, without the session
    with st.expander(t("import.template"), icon=":material/table_view:"):
        st.caption(t("import.template_help"))
        rows = pd.DataFrame(importer.column_help(kind, language_))
        table(
            rows,
            {
                "column": Column.TextColumn(t("import.help.column")),
                "required": Column.TextColumn(t("import.help.required")),
                "description": Column.TextColumn(t("import.help.description"), width="large"),
            },
        )
        downloads.export_buttons(
            t("import.template_file", kind=t(f"import.kind.{kind}").lower()),
            lambda file_format: downloads.deferred_file(
                lambda _session, language_: importer.template_file(kind, file_format, language_)
            ),
            disabled=False,
            key=f"import_template_{kind}",
        )


def _check(kind: Kind, user: CurrentUser, data: bytes) -> imports.Checked | FileRefused:
    key = (str(kind), hashlib.sha256(data).hexdigest())
    saved = st.session_state.get(CHECKED_KEY)
    if saved is not None and saved[0] == key:
        return saved[1]
    report, clear = _progress("import.checking")
    try:
        with db_session() as session:
            result: imports.Checked | FileRefused = imports.check_upload(
                session, actor=user.actor, kind=kind, data=data, progress=report
            )
    except FileRefused as refused:
        result = refused
    finally:
        clear()
    st.session_state[CHECKED_KEY] = (key, result)
    return result


def _refusal(kind: Kind, refused: FileRefused) -> str:
    """Why the file was refused, with the file's own text in it (its unknown headers, what the CSV
    reader stumbled on) shown as typed: st.error renders markdown, and a header such as
    `![x](https://…)` would otherwise make the admin's browser fetch that address."""
    params = {
        name: escape_markdown(value) if isinstance(value, str) else value
        for name, value in refused.params.items()
    }
    return importer.message(kind, FileRefused(refused.key, **params), language())


def _shown(column: importer.Column, value: Any) -> str:
    """A parsed value as the user reads it: dates the Norwegian way, codes as words."""
    if value is None or value == ():
        return ""
    if column.type == Type.DATETIME and isinstance(value, dt.datetime):
        return fmt_datetime(value)
    if column.type == Type.DATE and isinstance(value, dt.date):
        return fmt_date(value)
    if column.type == Type.BOOL:
        return t("import.yes") if value else t("import.no")
    if column.type == Type.ENUM and column.enum is not None:
        return t(f"{ENUM_LABELS[column.enum]}.{value}")
    if column.type == Type.REFS:
        return "; ".join(value)
    return str(value)


def _preview(kind: Kind, rows: list[importer.Row]) -> None:
    shown = rows[:PREVIEW_ROWS]
    columns = [column for column in SPECS[kind] if shown and column.name in shown[0].values]
    frame = pd.DataFrame(
        [[row.number] + [_shown(column, row.values.get(column.name)) for column in columns] for row in shown],
        columns=["row", *(column.name for column in columns)],
    )
    st.markdown(f"**{t('import.preview', count=len(shown))}**")
    config = {"row": Column.NumberColumn(t("import.row"), format="%d")}
    config |= {
        column.name: Column.TextColumn(importer.header(kind, column.name, language())) for column in columns
    }
    table(frame, config)


def _errors(kind: Kind, errors: list[importer.RowError]) -> None:
    st.error(t("import.errors", count=len(errors)))
    frame = pd.DataFrame(importer.error_rows(kind, errors, language()), columns=["row", "column", "message"])
    table(
        frame,
        {
            "row": Column.NumberColumn(t("import.row"), format="%d"),
            "column": Column.TextColumn(t("import.errors.column")),
            "message": Column.TextColumn(t("import.errors.message"), width="large"),
        },
        key="import_errors_table",
    )
    headed = frame.rename(
        columns={
            "row": t("import.row"),
            "column": t("import.errors.column"),
            "message": t("import.errors.message"),
        }
    )
    st.download_button(
        t("import.errors_download"),
        data=export.to_csv(headed),
        file_name=f"{t('import.errors_file')}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="import_errors_download",
    )


def _write(kind: Kind, user: CurrentUser, checked: imports.Checked, file_name: str, uploader: str) -> None:
    report, clear = _progress("import.writing")

    def action(session: Session) -> imports.ImportResult | imports.ImportRefused:
        try:
            return imports.import_rows(
                session, actor=user.actor, kind=kind, rows=checked.rows, file_name=file_name, progress=report
            )
        except imports.ImportRefused as refused:  # nothing was written: the rows are shown anew
            return refused

    try:
        result = forms.save(action, failed=t("import.failed"))
    finally:
        clear()
    if result is None:
        return
    if isinstance(result, imports.ImportRefused):
        # The register changed since the check (someone added the same person): show the rows anew.
        key, _ = st.session_state[CHECKED_KEY]
        st.session_state[CHECKED_KEY] = (
            key,
            imports.Checked(str(kind), checked.rows, result.params["errors"]),
        )
        st.rerun()
    st.session_state.pop(CHECKED_KEY, None)
    forms.renew(uploader)
    kind_text = t(f"import.kind.{kind}").lower()
    forms.flash(t("import.done", count=result.count, kind=kind_text, file=escape_markdown(file_name)))
    st.rerun()


def render(user: CurrentUser) -> None:
    st.caption(t("import.intro", max=MAX_MEGABYTES))
    language_ = language()  # bound now: Streamlit may call format_func outside this run
    kind = Kind(
        st.radio(
            t("import.kind"),
            list(Kind),
            format_func=lambda value: i18n.translate(f"import.kind.{value}", language_),
            horizontal=True,
            key=KIND_KEY,
        )
    )
    _template(kind)
    uploader = f"import_file_{kind}"
    uploaded = st.file_uploader(
        t("import.upload"),
        type=["csv", "xlsx"],
        # The browser refuses larger files; the server checks the bytes again (importer.read_table).
        max_upload_size=MAX_MEGABYTES,
        key=forms.fresh_key(uploader),
    )
    if uploaded is None:
        return
    checked = _check(kind, user, uploaded.getvalue())
    if isinstance(checked, FileRefused):
        st.error(_refusal(kind, checked))
        return
    _preview(kind, checked.rows)
    if checked.errors:
        _errors(kind, checked.errors)
    else:
        st.success(t("import.ready", count=len(checked.rows)))
    if st.button(
        t("import.button", count=len(checked.rows)),
        type="primary",
        icon=":material/upload:",
        disabled=bool(checked.errors),
        key=f"import_go_{kind}",
    ):
        _write(kind, user, checked, uploaded.name, uploader)
