"""The blank baseline of the browser side of `make bench`: one button, whose click reruns nothing of ours."""

from __future__ import annotations

import streamlit as st

st.button("Klikk")
