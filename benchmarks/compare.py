"""Do two `make bench` results agree? Every ratio of one benchmarks/results.json beside the other's.

`python -m benchmarks.compare first.json second.json` prints each ratio from both runs and how far apart
they lie (as a share of the smaller), and exits 1 if any lies further apart than AGREE (7 %).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.stats import agreement

AGREE = 0.07
PAGE_RATIOS = ("over_blank_small", "over_blank_large", "large_over_small")


def ratios(results: dict) -> dict[str, float | None]:
    """Every ratio a results.json holds, by a name that says what it is."""
    found: dict[str, float | None] = {}
    for row in results.get("pages", []):
        for key in PAGE_RATIOS:
            if row["page"] == "(blank)" and key != "large_over_small":
                continue  # 1.0 by definition
            found[f"page {row['page']}: {key}"] = row.get(key)
    return found


def compare(first: dict, second: dict, *, agree: float = AGREE) -> tuple[list[tuple], bool]:
    """Rows (name, first, second, apart) for every ratio either run has, and whether all agree."""
    a, b = ratios(first), ratios(second)
    rows, together = [], True
    for name in list(a) + [name for name in b if name not in a]:
        apart = agreement(a.get(name), b.get(name))
        together = together and apart is not None and apart <= agree
        rows.append((name, a.get(name), b.get(name), apart))
    return rows, together


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    first, second = (json.loads(path.read_text(encoding="utf-8")) for path in (args.first, args.second))
    rows, together = compare(first, second)

    def show(value: float | None, spec: str) -> str:
        return "-" if value is None else format(value, spec)

    width = max(len(row[0]) for row in rows) if rows else 10
    print(f"{'ratio'.ljust(width)}  {'first':>6}  {'second':>6}  {'apart':>6}")
    for name, a, b, apart in rows:
        flag = "" if apart is not None and apart <= AGREE else "  <- over 7 %"
        print(f"{name.ljust(width)}  {show(a, '6.2f')}  {show(b, '6.2f')}  {show(apart, '6.1%')}{flag}")
    worst = max((row[3] for row in rows if row[3] is not None), default=None)
    verdict = "AGREE" if together else "DISAGREE"
    print(f"\n{len(rows)} ratios; furthest apart {show(worst, '.1%')}; {verdict} (within {AGREE:.0%})")
    return 0 if together else 1


if __name__ == "__main__":
    sys.exit(main())
