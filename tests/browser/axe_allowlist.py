"""The axe-core findings the accessibility test lets pass: each one in Streamlit's (or plotly's) own
markup, which the app cannot change, with the upstream issue and why it cannot be fixed here. Keep it
short: whatever is in our code is fixed in our code. The test fails on an entry that no longer
matches anything, so an entry goes once Streamlit fixes it."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Allowed:
    rule: str  # the axe rule id
    target: str  # a regular expression searched in the CSS selector axe gives for the element
    issue: str  # the upstream issue
    reason: str  # why the app cannot fix it

    def matches(self, rule: str, target: str) -> bool:
        return rule == self.rule and re.search(self.target, target) is not None


# Empty: on Streamlit 1.67 axe finds nothing critical, serious or moderate in Streamlit's own markup
# on any page of the app. Counted in the figures but not failing (minor): presentation-role-conflict on
# the file uploader's drop zone (`<section role="presentation" tabindex="-1" aria-label=...>`, drawn by
# Streamlit since https://github.com/streamlit/streamlit/pull/15928 took it out of the tab order; no
# upstream issue about the role found).
ALLOWED: tuple[Allowed, ...] = ()
