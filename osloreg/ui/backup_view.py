"""The admin page's backup tab: make a checked, audited backup of the database and download it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from osloreg.auth import CurrentUser
from osloreg.backup import default_backup_path
from osloreg.models import utcnow
from osloreg.services.backups import make_backup
from osloreg.ui import forms
from osloreg.ui.core import engine, fmt_datetime, fmt_number, oslo_time, settings, t

LAST_BACKUP = "backup_last"
# Up to this size the file goes to the browser with the page; a larger one is read only when the
# download is clicked, so that every rerun does not hold it in memory again.
INLINE_MAX_BYTES = 20 * 1024 * 1024


def _no_cached_reads() -> None:
    """A backup changes nothing the pages read."""


def render(user: CurrentUser) -> None:
    directory = settings().var_dir / "backups"
    st.subheader(t("backup.title"))
    st.caption(t("backup.help", directory=str(directory)))
    if st.button(t("backup.make"), type="primary", icon=":material/backup:", key="backup_make"):
        destination = default_backup_path(engine(), directory)
        result = forms.save(
            lambda session: make_backup(session, actor=user.actor, destination=destination),
            clears=_no_cached_reads,
        )
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


def _show(last: dict) -> None:
    path = Path(last["path"])
    ok = last["integrity"] == "ok"
    if ok:
        st.success(t("backup.made", file=path.name))
    else:
        st.error(t("backup.failed_check", integrity=last["integrity"]))
    size, integrity, seconds = st.columns(3)
    size.metric(
        t("backup.size"), t("backup.megabytes", size=fmt_number(last["bytes"] / 1_048_576, decimals=2))
    )
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
    if not ok or not path.is_file():
        return
    data = path.read_bytes() if last["bytes"] <= INLINE_MAX_BYTES else path.read_bytes
    st.download_button(
        t("backup.download"),
        data=data,
        file_name=path.name,
        mime="application/vnd.sqlite3" if path.suffix == ".sqlite3" else "application/octet-stream",
        icon=":material/download:",
        on_click="ignore",
        key="backup_download",
    )
