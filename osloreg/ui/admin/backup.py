"""The admin page's backup tab: make a checked, audited backup on the server, list the backups there,
and show how to copy and restore one. It never offers a backup for download: Streamlit serves a
download button's file at a /media address that any client can fetch without logging in."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from osloreg.backup import backup_directory, default_backup_path, list_backups
from osloreg.models import utcnow
from osloreg.services.backups import make_backup
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import engine, fmt_datetime, fmt_number, oslo_time, settings, t
from osloreg.ui.kit.tables import escape_markdown, table
from osloreg.ui.login import CurrentUser

Column = st.column_config
LAST_BACKUP = "backup_last"
LISTED = 20  # the newest; the folder itself holds them all


def render(user: CurrentUser) -> None:
    directory = backup_directory(settings().var_dir).resolve()
    st.header(t("backup.title"))
    st.caption(t("backup.help", directory=escape_markdown(str(directory))))
    if st.button(t("backup.make"), type="primary", icon=":material/backup:", key="backup_make"):
        destination = default_backup_path(engine(), directory)
        result = forms.save(lambda session: make_backup(session, actor=user.actor, destination=destination))
        if result is not None:
            st.session_state[LAST_BACKUP] = {
                "path": str(result.path),
                "bytes": result.bytes,
                "integrity": result.integrity,
                "check": result.check,
                "seconds": result.seconds,
                "made_at": utcnow(),
                "tables": len(result.counts),
                "rows": sum(result.counts.values()),
            }
    last = st.session_state.get(LAST_BACKUP)
    if last:
        _show(last)
    _listing(directory)


def _show(last: dict) -> None:
    path = Path(last["path"])
    ok = last["integrity"] == "ok"
    if ok:
        st.success(t("backup.made", file=path.name))
    else:
        st.error(t("backup.failed_check", integrity=last["integrity"]))
    size, integrity, seconds = st.columns(3)
    size.metric(t("backup.size"), _megabytes(last["bytes"]))
    integrity.metric(t("backup.integrity"), t("backup.integrity_ok") if ok else last["integrity"])
    seconds.metric(
        t("backup.seconds"), t("backup.seconds_value", seconds=fmt_number(last["seconds"], decimals=2))
    )
    st.caption(
        t(
            "backup.details",
            made_at=fmt_datetime(oslo_time(last["made_at"])),
            tables=fmt_number(last["tables"]),
            rows=fmt_number(last["rows"]),
            check=last["check"],
        )
    )


def _megabytes(size: int) -> str:
    return t("backup.megabytes", size=fmt_number(size / 1_048_576, decimals=2))


def _listing(directory: Path) -> None:
    """The backups on the server, newest first, and the commands that copy and restore one."""
    st.markdown(f"**{t('backup.list.title')}**")
    backups = list_backups(directory)
    if not backups:
        st.caption(t("backup.list.none"))
        return
    shown = backups[:LISTED]
    table(
        pd.DataFrame(
            {
                "name": [backup.path.name for backup in shown],
                "made": [fmt_datetime(oslo_time(backup.modified)) for backup in shown],
                "size": [_megabytes(backup.bytes) for backup in shown],
            }
        ),
        {
            "name": Column.TextColumn(t("backup.list.name")),
            "made": Column.TextColumn(t("backup.list.made")),
            "size": Column.TextColumn(t("backup.list.size")),
        },
    )
    if len(backups) > LISTED:
        st.caption(t("backup.list.more", shown=LISTED, total=fmt_number(len(backups))))
    st.caption(t("backup.commands.help"))
    st.code(t("backup.commands", path=str(shown[0].path)), language="sh")
