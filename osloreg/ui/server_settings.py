"""Streamlit's options as `streamlit run app.py` would start with them, for check-config (not the server)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from streamlit import config
from streamlit.web import bootstrap, cli


def as_streamlit_run_sees_them(flags: Sequence[str] = ()) -> Callable[[str], Any]:
    """Streamlit's options as `streamlit run app.py <flags>` would start with them, for a process
    that is not the server (check-config). Outside `streamlit run`, Streamlit reads only the
    config.toml files: the STREAMLIT_* variables are read by its command line (click), as if they
    were flags. So its own command line parses them here, and its own loader applies them.

    Raises click.ClickException when a variable or flag holds a value Streamlit would refuse."""
    context = cli.main_run.make_context("run", ["app.py", *flags])
    flag_options = {name: value for name, value in context.params.items() if name not in ("target", "args")}
    bootstrap.load_config_options(flag_options=flag_options)
    return config.get_option
