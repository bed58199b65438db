"""The public view's front page and busiest meeting page (osloreg.public_site), as one request renders them:
a read session, the read model's queries and the HTML; the median over some calls, at a scale's data."""

from __future__ import annotations

import statistics
import time

from sqlalchemy import Engine

from osloreg import clock
from osloreg.db import read_session
from osloreg.public_site import site
from osloreg.queries import publication
from osloreg.queries.publication import Scope

CALLS = 20
WARM_UP = 3
PAGES = ("front page", "meeting page")


def busiest_meeting(engine: Engine) -> int:
    """The public meeting with the longest public saksliste (the costliest meeting page)."""
    with read_session(engine) as session:
        found = publication.meetings(session, scope=Scope.PUBLIC)
        counted = {
            meeting.id: len(record.items)
            for meeting in found
            if (record := publication.meeting_record(session, meeting_id=meeting.id, scope=Scope.PUBLIC))
        }
    return max(counted, key=counted.__getitem__)


def measure(engine: Engine, *, calls: int = CALLS) -> dict[str, float]:
    """The median seconds of rendering each page, as the web app's route does it for one request."""
    today = clock.oslo_today()
    paths = {"front page": "index.html", "meeting page": f"mote/{busiest_meeting(engine)}.html"}
    medians = {}
    for name, path in paths.items():
        times = []
        for number in range(WARM_UP + calls):
            started = time.perf_counter()
            with read_session(engine) as session:
                assert site.page(session, path, today=today) is not None
            if number >= WARM_UP:
                times.append(time.perf_counter() - started)
        medians[name] = statistics.median(times)
    return medians


if __name__ == "__main__":
    import argparse

    from osloreg.config import load_settings
    from osloreg.db import make_engine

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="database URL (default: the app's)")
    args = parser.parse_args()
    for name, seconds in measure(make_engine(args.url or load_settings().database_url)).items():
        print(f"public {name}: median {seconds * 1000:.1f} ms over {CALLS} renders")
