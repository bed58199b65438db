"""`demo load`: the demo data set and the demo accounts."""

from __future__ import annotations

import importlib

from osloreg.cli.common import CliError, Context


def cmd_demo_load(ctx: Context) -> int:
    if ctx.settings.is_production:
        raise CliError("demo data and demo accounts are not allowed in production (OSLOREG_ENV=production)")
    engine = ctx.engine()
    try:
        demo = importlib.import_module("osloreg.demo")
    except ModuleNotFoundError as exc:
        if exc.name != "osloreg.demo":  # a missing dependency of the loader is a real error
            raise
        raise CliError("the demo data loader (osloreg.demo) is not installed") from exc
    if not all(hasattr(demo, name) for name in ("load_demo", "database_is_empty")):
        raise CliError("the demo data loader (osloreg.demo) is incomplete: no load_demo/database_is_empty")
    if ctx.args.if_empty and not demo.database_is_empty(engine):
        print("the database is not empty: demo data not loaded")
        return 0
    report = demo.load_demo(engine, scale=ctx.args.scale, today=ctx.args.today, progress=True)
    if report.already_loaded:
        print("demo data is already loaded: nothing was changed")
        return 0
    width = max((len(name) for name in report.counts), default=0)
    for name, count in sorted(report.counts.items()):
        print(f"{name:<{width}}  {count:>8}")
    print(f"demo data loaded in {report.seconds:.1f} s")
    return 0
