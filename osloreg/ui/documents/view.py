"""The documents of a meeting or a case: listed as the user may see them, downloaded after the check."""

from __future__ import annotations

from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today
from osloreg.enums import DocumentKind
from osloreg.filetypes import MB
from osloreg.queries.documents import DocumentRow
from osloreg.rules.permissions import Action, allowed
from osloreg.rules.validation import TITLE_MAX
from osloreg.services import documents as service
from osloreg.services.base import ValidationFailed
from osloreg.ui.documents import loaders
from osloreg.ui.kit import downloads, forms
from osloreg.ui.kit.errors import show_error
from osloreg.ui.kit.session import fmt_number, settings, t
from osloreg.ui.kit.tables import escape_markdown, moment
from osloreg.ui.login import CurrentUser

# What the file picker offers; the type is still read from the bytes (osloreg.filetypes).
EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "png", "jpg", "jpeg"]
KINDS = [DocumentKind.CASE_PAPER, DocumentKind.ATTACHMENT, DocumentKind.NOTICE, DocumentKind.MINUTES]


def size_text(size: int) -> str:
    if size < MB:
        return t("documents.size.kb", size=fmt_number(max(size / 1024, 0.1), decimals=1))
    return t("documents.size.mb", size=fmt_number(size / MB, decimals=1))


def _download(user: CurrentUser, version_id: int) -> Any:
    """The bytes are read only when the button is clicked, and only through the permission check."""
    actor = user.actor

    def build(session: Session, _language: str) -> bytes:
        return service.read_file(session, actor=actor, version_id=version_id)[2]

    return downloads.deferred_file(build)


def _facts(row: DocumentRow) -> str:
    access = (
        t("documents.exempt_with_basis", basis=escape_markdown(row.exempt_basis))
        if row.exempt_basis
        else t("documents.public")
    )
    facts = [
        t(f"documents.kind.{row.kind}"),
        t(f"documents.owner.{row.owner}"),
        t("documents.version", number=row.number),
        access,
        t(
            "documents.uploaded",
            when=moment(row.uploaded_at),
            who=escape_markdown(row.uploaded_by or "–"),
            size=size_text(row.size),
        ),
    ]
    if row.generated:
        facts.append(t("documents.generated"))
    if row.removed_at is not None:
        facts.append(t("documents.removed", when=moment(row.removed_at)))
    return " · ".join(facts)


def _document(user: CurrentUser, row: DocumentRow, manager: bool) -> None:
    with st.container(border=True):
        left, right = st.columns([5, 1])
        if row.visible and row.title is not None:
            left.markdown(f"**{escape_markdown(row.title)}**")
        else:
            left.markdown(f"**{t('documents.exempt')}**")
            left.caption(t("documents.hidden"))
        left.caption(_facts(row))
        if row.visible and row.version_id is not None:
            right.download_button(
                t("documents.download"),
                data=_download(user, row.version_id),
                file_name=row.filename,
                mime=row.content_type,
                icon=":material/download:",
                on_click="ignore",
                key=f"document_download_{row.version_id}",
            )
        if manager and row.visible and row.removed_at is None:
            _manage(user, row)


def _done(message: str) -> None:
    forms.flash(message)
    st.rerun()


def _manage(user: CurrentUser, row: DocumentRow) -> None:
    """A new version, public or exempt, removal: each a small form of its own."""
    prefix = f"document_{row.document_id}_{row.document_version}"
    with st.expander(t("documents.manage")):
        with st.form(f"{prefix}_version"):
            file = st.file_uploader(
                t("documents.new_version"),
                type=EXTENSIONS,
                max_upload_size=settings().max_document_mb,
                key=f"{prefix}_file",
            )
            if st.form_submit_button(t("documents.new_version.submit"), icon=":material/upload:"):
                if file is None:
                    st.error(t("documents.upload.no_file"))
                elif forms.save(
                    lambda session: service.add_version(
                        session,
                        actor=user.actor,
                        document_id=row.document_id,
                        expected_version=row.document_version,
                        filename=file.name,
                        content=file.getvalue(),
                        max_bytes=settings().max_document_mb * MB,
                    )
                ):
                    _done(t("documents.new_version.done"))
        with st.form(f"{prefix}_access"):
            exempt = st.checkbox(t("documents.upload.exempt"), value=row.exempt_basis is not None)
            basis = st.text_input(
                t("documents.basis"), value=row.exempt_basis or "", max_chars=service.BASIS_MAX
            )
            if st.form_submit_button(t("documents.access.submit"), icon=":material/lock:"):
                if _basis_missing(exempt, basis):
                    return
                if forms.save(
                    lambda session: service.set_access(
                        session,
                        actor=user.actor,
                        document_id=row.document_id,
                        expected_version=row.document_version,
                        exempt_basis=basis if exempt else None,
                    )
                ):
                    _done(t("documents.access.done"))
        with st.form(f"{prefix}_remove"):
            reason = st.text_input(t("documents.remove.reason"), max_chars=service.REASON_MAX)
            if st.form_submit_button(t("documents.remove.submit"), icon=":material/delete:"):
                if forms.save(
                    lambda session: service.remove_document(
                        session,
                        actor=user.actor,
                        document_id=row.document_id,
                        expected_version=row.document_version,
                        reason=reason,
                    )
                ):
                    _done(t("documents.remove.done"))


def _basis_missing(exempt: bool, basis: str) -> bool:
    """An exempt document needs its legal basis: said in words, and nothing the user typed is lost."""
    if exempt and not basis.strip():
        show_error(ValidationFailed("error.required", field="exempt_basis"))
        return True
    return False


def _owner_choice(owner: dict[str, int]) -> dict[str, int]:
    """On a meeting's page a document belongs to the meeting or to one of its agenda items."""
    if "meeting_id" not in owner:
        return owner
    choices: list[tuple[str, int, str]] = [("meeting_id", owner["meeting_id"], t("documents.owner.meeting"))]
    for item_id, position, title in loaders.agenda_choices(owner["meeting_id"]):
        choices.append(("agenda_item_id", item_id, f"{position}. {title}"))
    name, value, _ = st.selectbox(
        t("documents.upload.owner"),
        choices,
        format_func=lambda choice: choice[2],
        placeholder=t("forms.choose_one"),
    )
    return {name: value}


def _upload(user: CurrentUser, owner: dict[str, int]) -> None:
    form_key = "document_upload_" + "_".join(f"{name}{value}" for name, value in owner.items())
    generation = st.session_state.get(f"{form_key}_generation", 0)
    max_mb = settings().max_document_mb
    with st.form(f"{form_key}_{generation}"):
        st.markdown(f"**{t('documents.upload.title')}**")
        target = _owner_choice(owner)
        kinds = KINDS if "meeting_id" in owner else KINDS[:2]  # the innkalling and protokoll are a meeting's
        kind = st.selectbox(
            t("documents.upload.kind"),
            kinds,
            format_func=lambda kind: t(f"documents.kind.{kind}"),
            placeholder=t("forms.choose_one"),
        )
        title = st.text_input(t("documents.upload.document_title"), max_chars=TITLE_MAX)
        file = st.file_uploader(
            t("documents.upload.file"),
            type=EXTENSIONS,
            help=t("documents.upload.file_help", max=max_mb),
            max_upload_size=max_mb,
        )
        exempt = st.checkbox(t("documents.upload.exempt"))
        basis = st.text_input(
            t("documents.basis"), help=t("documents.upload.basis_help"), max_chars=service.BASIS_MAX
        )
        submitted = st.form_submit_button(
            t("documents.upload.submit"), type="primary", icon=":material/upload:"
        )
    if not submitted:
        return
    if file is None:
        st.error(t("documents.upload.no_file"))
        return
    if _basis_missing(exempt, basis):
        return
    saved = forms.save(
        lambda session: service.add_document(
            session,
            actor=user.actor,
            kind=kind,
            title=title,
            filename=file.name,
            content=file.getvalue(),
            exempt_basis=basis if exempt else None,
            max_bytes=max_mb * MB,
            **target,
        )
    )
    if saved is not None:
        st.session_state[f"{form_key}_generation"] = generation + 1  # a fresh, empty form
        _done(t("documents.upload.done", title=escape_markdown(saved.title)))


def document_section(
    user: CurrentUser,
    *,
    meeting_id: int | None = None,
    agenda_item_id: int | None = None,
    case_id: int | None = None,
    consultation_id: int | None = None,
) -> None:
    """The documents of one owner (a meeting: with its agenda items' and their cases'), as this user may
    see them; with an upload form for those who manage documents."""
    named = {
        "meeting_id": meeting_id,
        "agenda_item_id": agenda_item_id,
        "case_id": case_id,
        "consultation_id": consultation_id,
    }
    owner = {name: value for name, value in named.items() if value is not None}
    st.header(t("documents.title"))
    rows = loaders.document_rows(tuple(sorted(user.roles)), user.person_id, oslo_today(), **owner)
    if not rows:
        st.caption(t("documents.none"))
    manager = allowed(user.roles, Action.MANAGE_DOCUMENTS)
    for row in rows:
        _document(user, row, manager)
    if manager:
        _upload(user, owner)
