"""Find a PostgreSQL server for the tests: the configured URL, the machine's own, or a throwaway cluster."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _reachable(url: str) -> str | None:
    """None if a connection works, else the reason it did not."""
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not this server"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    finally:
        engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayCluster:
    """initdb + pg_ctl as the postgres user on a temporary directory and a free port."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="osloreg-pg-"))
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *args: str) -> None:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres")
        data = self.directory / "data"
        self._as_postgres("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self._as_postgres(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(self.directory / "log"),
            "-w",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.directory}",
            "start",
        )
        deadline = time.monotonic() + 30
        while _reachable(self.url) and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.url

    def stop(self) -> None:
        try:
            self._as_postgres("pg_ctl", "-D", str(self.directory / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def find_server() -> tuple[str | None, ThrowawayCluster | None, str]:
    """(url, cluster to stop afterwards, explanation). url is None when no server can be had."""
    reasons = []
    configured = os.environ.get("OSLOREG_TEST_DATABASE_URL")
    candidates = [configured] if configured else [DEFAULT_URL]
    for url in candidates:
        reason = _reachable(url)
        if reason is None:
            return url, None, f"using {url}"
        reasons.append(f"{url}: {reason}")
    if not configured and (PG_BIN / "initdb").exists():
        cluster = ThrowawayCluster()
        try:
            url = cluster.start()
            if _reachable(url) is None:
                return url, cluster, f"started a throwaway cluster on port {cluster.port}"
            reasons.append("throwaway cluster did not answer")
        except (subprocess.SubprocessError, OSError) as exc:
            reasons.append(f"throwaway cluster: {exc}")
        cluster.stop()
    elif not configured:
        reasons.append(f"no {PG_BIN}/initdb for a throwaway cluster")
    return None, None, "; ".join(reasons)
