"""The blank baseline page for `make bench`: Streamlit's own cost of a fresh session, nothing of ours."""

from __future__ import annotations

import streamlit as st

st.empty()
