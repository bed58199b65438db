"""The component that writes the login cookie from the page (ui.login issues the token it writes)."""

from __future__ import annotations

import streamlit as st

# Writes the login cookie from the page itself: a component of Streamlit's own (v2, in the app's
# document), constant code that reports nothing back. streamlit-authenticator's cookie component
# wrote it from an iframe of its own, which loaded its bundle and then reported back with a second
# run of the overview: 400-500 ms of a login's 1.1 s. Its data is the token we issued and our
# settings, never user text.
COOKIE_WRITER = st.components.v2.component(
    "osloreg.login_cookie",
    js="""
export default function (component) {
  const cookie = component.data;
  if (!cookie || !cookie.name || !cookie.value) return;
  const parts = [
    encodeURIComponent(cookie.name) + "=" + encodeURIComponent(cookie.value),
    "Path=/",
    "Max-Age=" + cookie.maxAge,
    "Expires=" + cookie.expires,
    "SameSite=Strict",
  ];
  if (cookie.secure) parts.push("Secure");
  // streamlit-authenticator's cookie component deletes the cookie again each time it is drawn anew,
  // and after a logout in this tab it stays on the page until the login's run has ended: written
  // before it is gone, the new cookie was deleted a moment later. Wait for it (a run takes ms).
  const started = Date.now();
  const write = () => {
    if (document.querySelector('iframe[title*="CookieManager"]') && Date.now() - started < 30000) {
      setTimeout(write, 20);
      return;
    }
    document.cookie = parts.join("; ");
  };
  write();
}
""",
)
