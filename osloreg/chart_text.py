"""Every chart of the app with its text alternative: one function per chart draws the figure and
writes its key figure in words and its data as a table, all from the same frame (pure, no Streamlit)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from osloreg import charts, i18n

# The marks of a unit's coverage, with its words: the treemap's tiles and the table say the same.
COVER_STATES = ("direct", "indirect", "unresolved", "missing", "represented")


def _t(key: str, language: str, **params: object) -> str:
    return i18n.translate(key, language, **params)


def _number(value: object, language: str) -> str:
    return i18n.format_number(int(value), language)


def _percent(share: float, language: str) -> str:
    return f"{round(100 * share)}{i18n.percent_sign(language)}"


def _status_words(frame: pd.DataFrame, language: str, *, status: str, count: str) -> str:
    """ "Pågår: 12 · Planlagt: 8", the statuses that have any, in the frame's order."""
    return " · ".join(
        f"{_t(f'project_status.{code}', language)}: {_number(number, language)}"
        for code, number in zip(frame[status], frame[count], strict=True)
        if number
    )


def _status_table(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _t("chart_text.col.status", language): [
                _t(f"project_status.{code}", language) for code in frame["status"]
            ],
            _t("chart_text.col.projects", language): [int(number) for number in frame["count"]],
        }
    )


def _status_text(frame: pd.DataFrame, language: str, *, key: str) -> str:
    total = int(frame["count"].sum())
    if not total:
        return _t("chart_text.statuses.none", language)
    parts = _status_words(frame, language, status="status", count="count")
    return _t(key, language, total=_number(total, language), parts=parts)


# --- Projects -----------------------------------------------------------------------------------------


def projects_by_status(frame: pd.DataFrame, language: str, *, value_title: str) -> charts.Chart:
    """The overview's bars of every project per status (frame: status, count)."""
    shown = frame.assign(label=[_t(f"project_status.{code}", language) for code in frame["status"]])
    figure = charts.bar_counts(
        shown, label="label", value="count", value_title=value_title, separators=charts.separators(language)
    )
    words = _status_text(frame, language, key="chart_text.statuses.all")
    return charts.Chart(figure, words, _status_table(frame, language))


def pipeline_statuses(frame: pd.DataFrame, language: str) -> charts.Chart:
    """The pipeline's columns of the projects under its filters per status (frame: status, count)."""
    labels = {code: _t(f"project_status.{code}", language) for code in frame["status"]}
    figure = charts.status_columns(
        frame, status="status", count="count", labels=labels, separators=charts.separators(language)
    )
    words = _status_text(frame, language, key="chart_text.statuses.chosen")
    return charts.Chart(figure, words, _status_table(frame, language))


def timeline(
    projects: pd.DataFrame, milestones: pd.DataFrame, language: str, *, today: dt.date
) -> charts.Chart:
    """The pipeline's timeline: projects (id, title, status, start_on, end_on, progress) as bars,
    their milestones (project_id, title, due_on, overdue) as marks."""
    labels = {code: _t(f"project_status.{code}", language) for code in projects["status"]}
    figure = charts.gantt(
        projects,
        milestones,
        today=today,
        status_labels=labels,
        milestone_label=_t("pipeline.timeline.milestone", language),
        overdue_label=_t("pipeline.timeline.overdue", language),
        today_label=_t("pipeline.timeline.today", language),
        separators=charts.separators(language),
        percent=i18n.percent_sign(language),
    )
    marks: dict[int, list[str]] = {}
    for row in milestones.itertuples():
        key = "chart_text.milestone.overdue" if row.overdue else "chart_text.milestone.due"
        marks.setdefault(int(row.project_id), []).append(
            _t(key, language, title=row.title, date=pd.Timestamp(row.due_on).date())
        )
    counts = projects.groupby("status", sort=False).size().reset_index(name="count")
    words = _t(
        "chart_text.timeline.words",
        language,
        count=_number(len(projects), language),
        parts=_status_words(counts, language, status="status", count="count"),
        overdue=_number(int(milestones["overdue"].sum()) if not milestones.empty else 0, language),
    )
    table = pd.DataFrame(
        {
            _t("chart_text.col.project", language): list(projects["title"]),
            _t("chart_text.col.status", language): [labels[code] for code in projects["status"]],
            _t("chart_text.col.start", language): [_day(value, language) for value in projects["start_on"]],
            _t("chart_text.col.end", language): [_day(value, language) for value in projects["end_on"]],
            _t("chart_text.col.progress", language): [
                None if pd.isna(value) else int(value) for value in projects["progress"]
            ],
            _t("chart_text.col.milestones", language): [
                "; ".join(marks.get(int(project_id), [])) for project_id in projects["id"]
            ],
        }
    )
    return charts.Chart(figure, words, table)


def _day(value: object, language: str) -> str:
    return "" if value is None or pd.isna(value) else i18n.format_date(pd.Timestamp(value).date(), language)


def strategy_points(points: pd.DataFrame, language: str) -> charts.Chart:
    """The strategy tab's stacked bars: per strategy point (point, label, planned, ongoing, completed,
    active) its projects by status."""
    statuses = {code: _t(f"project_status.{code}", language) for code in ("planned", "ongoing", "completed")}
    labels = [f"{point} {short[:40]}" for point, short in zip(points["point"], points["label"], strict=True)]
    figure = charts.coverage_bars(
        points.assign(chart_label=labels),
        label="chart_label",
        statuses=statuses,
        separators=charts.separators(language),
    )
    idle = int((points["active"] == 0).sum())
    words = _t(
        "chart_text.strategy.words",
        language,
        active=_number(len(points) - idle, language),
        points=_number(len(points), language),
        idle=_number(idle, language),
    )
    table = pd.DataFrame(
        {
            _t("chart_text.col.point", language): labels,
            **{name: [int(value) for value in points[code]] for code, name in statuses.items()},
        }
    )
    return charts.Chart(figure, words, table)


# --- Coverage -----------------------------------------------------------------------------------------


def group_coverage(rows: pd.DataFrame, language: str, *, share_title: str) -> charts.Chart:
    """The overview's bars of the least covered expert groups (rows: body, expected, covered, share,
    missing (names)), the least covered first."""
    figure = charts.bar_shares(
        rows,
        label="body",
        share="share",
        share_title=share_title,
        separators=charts.separators(language),
        percent=i18n.percent_sign(language),
    )
    first = rows.iloc[0]
    words = _t(
        "chart_text.groups.words",
        language,
        body=first["body"],
        covered=_number(first["covered"], language),
        expected=_number(first["expected"], language),
        missing=_number(len(first["missing"]), language),
    )
    table = pd.DataFrame(
        {
            _t("chart_text.col.group", language): list(rows["body"]),
            _t("chart_text.col.covered", language): [int(value) for value in rows["covered"]],
            _t("chart_text.col.expected", language): [int(value) for value in rows["expected"]],
            _t("chart_text.col.share", language): [
                None if pd.isna(share) else round(100 * float(share)) for share in rows["share"]
            ],
        }
    )
    return charts.Chart(figure, words, table)


def cover_words(language: str) -> dict[str, str]:
    """A unit's coverage in a word: dekket, mangler, ..."""
    return {state: _t(f"chart_text.cover.{state}", language) for state in COVER_STATES}


def unit_coverage(
    units: pd.DataFrame,
    municipalities: pd.DataFrame,
    language: str,
    *,
    body: str,
    group_labels: dict[str, str],
) -> charts.Chart:
    """The coverage tab's treemap of a body's expected units (units: id, name, kind, status, people;
    municipalities: sub_region_id, unit_id, name, represented)."""
    words_of = cover_words(language)
    figure = charts.coverage_treemap(
        units, municipalities, root=body, group_labels=group_labels, cover_words=words_of
    )
    statuses = list(units["status"])
    covered = sum(status in ("direct", "indirect") for status in statuses)
    unresolved = statuses.count("unresolved")
    words = _t(
        "chart_text.units.words",
        language,
        covered=_number(covered, language),
        expected=_number(len(statuses), language),
        body=body,
        missing=_number(statuses.count("missing"), language),
    )
    if unresolved:
        words += " " + _t("chart_text.units.unresolved", language, count=_number(unresolved, language))
    state = {code: f"{charts.COVER_MARKS[code]} {word}" for code, word in words_of.items()}
    table = pd.DataFrame(
        {
            _t("chart_text.col.unit", language): list(units["name"]),
            _t("chart_text.col.kind", language): [group_labels.get(kind, kind) for kind in units["kind"]],
            _t("chart_text.col.cover", language): [state.get(code, state["unresolved"]) for code in statuses],
            _t("chart_text.col.people", language): list(units["people"]),
        }
    )
    return charts.Chart(figure, words, table)


def coverage_months(months: pd.DataFrame, language: str, *, share_title: str) -> charts.Chart:
    """The coverage tab's line of the share covered on the first of each month (months: month,
    expected, covered, share); months where nothing was expected have no share."""
    figure = charts.share_line(
        months,
        x="month",
        share="share",
        share_title=share_title,
        separators=charts.separators(language),
        percent=i18n.percent_sign(language),
    )
    known = months[months["share"].notna()]
    latest = known.iloc[-1]
    lowest = known.loc[known["share"].astype(float).idxmin()]
    words = _t(
        "chart_text.months.words",
        language,
        date=pd.Timestamp(latest["month"]).date(),
        covered=_number(latest["covered"], language),
        expected=_number(latest["expected"], language),
        share=_percent(float(latest["share"]), language),
        lowest=_percent(float(lowest["share"]), language),
        lowest_date=pd.Timestamp(lowest["month"]).date(),
    )
    table = pd.DataFrame(
        {
            _t("chart_text.col.month", language): [_day(value, language) for value in months["month"]],
            _t("chart_text.col.covered", language): [int(value) for value in months["covered"]],
            _t("chart_text.col.expected", language): [int(value) for value in months["expected"]],
            _t("chart_text.col.share", language): [
                None if pd.isna(share) else round(100 * float(share)) for share in months["share"]
            ],
        }
    )
    return charts.Chart(figure, words, table)
