"""Imports that cannot take the server down, measured (security review #44, #45, #39), and the
figures for look-alike names (#31) and weak passwords (#24).

The budget: reading and checking an upload (at most 5 MB) takes no more than BUDGET_MB of memory
above what the process held before, and a hostile file is refused in words within BUDGET_S. Each
file is read in a fresh Python process (so the figure is the import's, not the test run's), whose
address space is capped a little above the budget: a reader that tried to build what a file
declares fails there with MemoryError instead of taking the machine down."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.db import read_sessions
from osloreg.enums import UnitKind
from osloreg.services import directory, users
from osloreg.services.base import SYSTEM, ValidationFailed
from tests import import_files as files
from tests.conftest import REPO_ROOT
from tests.integration.services.test_look_alike_names import LOOK_ALIKES
from tests.integration.services.test_password_policy import WEAK

BUDGET_MB = 100
BUDGET_S = 5.0
CAP_MB = BUDGET_MB + 150  # address space runs ahead of memory in use (allocator arenas, stacks)
CHILD_TIMEOUT_S = 60  # a measurement still running by then is far over budget

# Runs in the child: warm up (imports, a small file of each format, the database), then measure one
# upload from a baseline of resident memory, with the peak reset (/proc/self/clear_refs) and the
# address space capped.
_CHILD = r"""
import json, resource, sys, time
from pathlib import Path

from osloreg import importer
from osloreg.db import make_engine, read_sessions
from osloreg.services import imports
from osloreg.services.base import SYSTEM
from tests import import_files as files

job = json.loads(sys.argv[1])
data = Path(job["file"]).read_bytes()
kind = importer.Kind(job["kind"])
small_csv = b"Navn;E-post\r\nKari;kari@example.no\r\n"
importer.parse_upload(kind, small_csv)
importer.parse_upload(kind, files.dimension_bomb(2, far_corner=False))
session = None
if job.get("url"):
    args = {"connect_args": {"options": f"-csearch_path={job['schema']}"}} if job.get("schema") else {}
    session = read_sessions(make_engine(job["url"], **args))()
    imports.check_upload(session, actor=SYSTEM, kind=kind, data=small_csv)


def status(name):
    for line in open("/proc/self/status"):
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024


baseline = status("VmRSS")
try:
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here
    exact = True
except OSError:
    exact = False  # then ru_maxrss, the process's peak so far: the figure can only be too high
resource.setrlimit(resource.RLIMIT_AS, (status("VmSize") + job["cap_mb"] * 2**20, resource.RLIM_INFINITY))
started = time.perf_counter()
outcome = {}
try:
    if session is None:
        parsed = importer.parse_upload(kind, data)
        outcome = {"rows": len(parsed.rows), "errors": len(parsed.errors)}
    else:
        checked = imports.check_upload(session, actor=SYSTEM, kind=kind, data=data)
        outcome = {"rows": len(checked.rows), "errors": len(checked.errors)}
        if not checked.errors:
            done = imports.import_rows(session, actor=SYSTEM, kind=kind, rows=checked.rows, file_name="f")
            outcome["imported"] = done.count
except importer.FileRefused as refused:
    outcome = {"refused": refused.key, "params": refused.params}
except MemoryError:
    outcome = {"refused": "MemoryError"}
seconds = time.perf_counter() - started
peak = status("VmHWM") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({**outcome, "seconds": seconds, "mb": max(0, peak - baseline) / 2**20}))
"""


def _measure(data: bytes, tmp_path: Path, *, kind: str = "persons", engine: Engine | None = None) -> dict:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    job = {"file": str(path), "kind": kind, "cap_mb": CAP_MB}
    if engine is not None:
        job["url"] = engine.url.render_as_string(hide_password=False)
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                job["schema"] = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, json.dumps(job)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:  # far over budget: say so in the figures, and fail
        return {"refused": f"still running after {CHILD_TIMEOUT_S} s", "seconds": CHILD_TIMEOUT_S, "mb": 0}
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _figure(name: str, size: int, result: dict) -> str:
    if "refused" in result:
        what = f"refused ({result['refused']})"
    else:
        what = f"{'imported' if 'imported' in result else 'read'} ({result['rows']} rows)"
    return f"{name} {size / 1024:,.1f} KB: {what} in {result['seconds']:.2f} s, peak +{result['mb']:.0f} MB"


HOSTILE = {
    "dimension bomb": (files.dimension_bomb, "import.error.cell_outside"),
    "dim_2000": (lambda: files.dimension_bomb(2000), "import.error.cell_outside"),
    "dim_5000": (lambda: files.dimension_bomb(5000), "import.error.cell_outside"),
    "dim_10000": (lambda: files.dimension_bomb(10_000), "import.error.cell_outside"),
    "16,384-column header": (files.wide_header_xlsx, "import.error.too_many_columns"),
    "million-cell Excel header": (files.million_cell_header_xlsx, "import.error.too_many_columns"),
    "million-column CSV header": (files.duplicate_headers_csv, "import.error.too_many_columns"),
    "mixed encoding": (files.mixed_encoding_csv, "import.error.encoding"),
}
THROUGH_THE_SERVICES = ("dimension bomb", "dim_10000", "million-column CSV header")


def test_the_reviews_files_are_refused_in_words_within_the_budget(tmp_path, figures):
    lines, over = [], []
    for name, (make, key) in HOSTILE.items():
        data = make()
        result = _measure(data, tmp_path)
        lines.append(_figure(name, len(data), result))
        if result.get("refused") != key or result["seconds"] > BUDGET_S or result["mb"] > BUDGET_MB:
            over.append(f"{name}: {result}")
    # The same declaration over ten thousand real rows and no far cell: every row read, in budget.
    data = files.dimension_bomb(10_000, far_corner=False)
    result = _measure(data, tmp_path)
    lines.append(_figure("dim_10000 without the far cell", len(data), result))
    if (result.get("rows"), result.get("errors")) != (10_000, 0) or result["mb"] > BUDGET_MB:
        over.append(f"dim_10000 without the far cell: {result}")
    figures.record("; ".join(lines) + f" (budget {BUDGET_MB} MB, {BUDGET_S:.0f} s)")
    assert over == []


def test_through_the_import_services_the_files_are_refused_and_a_full_sheet_imports(
    engine, tmp_path, figures
):
    """check_upload (what the import page runs when a file is picked), then import_rows."""
    lines, over = [], []
    for name in THROUGH_THE_SERVICES:
        make, key = HOSTILE[name]
        data = make()
        result = _measure(data, tmp_path, engine=engine)
        lines.append(_figure(name, len(data), result))
        if result.get("refused") != key or result["seconds"] > BUDGET_S or result["mb"] > BUDGET_MB:
            over.append(f"{name}: {result}")
    data = files.dimension_bomb(2000, far_corner=False)
    result = _measure(data, tmp_path, engine=engine)
    lines.append(_figure("dim_2000 without the far cell", len(data), result))
    if result.get("imported") != 2000 or result["mb"] > BUDGET_MB:
        over.append(f"dim_2000 without the far cell: {result}")
    figures.record(f"{engine.dialect.name}, through the services: " + "; ".join(lines))
    assert over == []
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM persons").scalar_one() == 2000


def test_look_alike_names_and_weak_passwords_are_refused(sqlite_engine, figures):
    with read_sessions(sqlite_engine)() as session:
        directory.create_unit(session, actor=SYSTEM, kind=UnitKind.MUNICIPALITY, name="Oslo kommune")
        names = [*LOOK_ALIKES.values(), "\u2066\u2067\u2068Oslo kommune\u2069", "Kari\u202eNordmann"]
        refused_names = 0
        for name in names:
            try:
                directory.create_unit(session, actor=SYSTEM, kind=UnitKind.MUNICIPALITY, name=name)
            except ValidationFailed:
                refused_names += 1
        refused_passwords = 0
        for password in WEAK:
            try:
                users.create_user(
                    session,
                    actor=SYSTEM,
                    username="kari",
                    display_name="Kari",
                    password=password,
                    roles=["viewer"],
                )
            except ValidationFailed:
                refused_passwords += 1
        units = session.scalar(sa.select(sa.func.count()).select_from(sa.table("units")))
    figures.record(
        f"look-alike names refused: {refused_names} of {len(names)}; "
        f"weak passwords refused: {refused_passwords} of {len(WEAK)}"
    )
    assert (refused_names, refused_passwords, units) == (len(names), len(WEAK), 1)
