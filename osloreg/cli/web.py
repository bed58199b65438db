"""`web`: the small HTTP app beside Streamlit (calendar feeds, the pages behind mail links)."""

from __future__ import annotations

from osloreg.cli.common import Context


def cmd_web(ctx: Context) -> int:
    import uvicorn

    from osloreg.web.app import create_app

    app = create_app(ctx.settings, engine=ctx.engine())
    # proxy_headers off: behind a proxy the feed URLs come from web_url, not from forwarded headers.
    uvicorn.run(app, host=ctx.args.host, port=ctx.args.port, proxy_headers=False, log_level="warning")
    return 0
