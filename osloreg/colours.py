"""Colours as WCAG 2.1 reads them: relative luminance, contrast ratio, the text colour a background needs."""

from __future__ import annotations

import re

# The theme's text colour (.streamlit/config.toml, textColor; a test keeps the two equal) and white.
TEXT = "#0E1117"
WHITE = "#FFFFFF"
# WCAG 2.1 1.4.3: normal text at least 4.5:1, large text (18 pt, or 14 pt bold) at least 3:1.
MIN_TEXT = 4.5
MIN_LARGE_TEXT = 3.0
# How Streamlit 1.67 draws the theme's text colour (the contrast test reckons with it, a browser test
# checks it): a caption at 60 % opacity, a page link in the sidebar at 80 %, a chosen pill's label on
# the primary colour at 10 %.
CAPTION_OPACITY = 0.6
NAV_LINK_OPACITY = 0.8
PILL_OPACITY = 0.1

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_FUNCTION = re.compile(r"^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$")


def rgba(colour: str) -> tuple[float, float, float, float]:
    """ "#1f5f8b", "#fff", "rgb(31, 95, 139)" or "rgba(31, 95, 139, 0.6)" as (red, green, blue, alpha),
    the channels 0-255 and alpha 0-1 (the forms the theme, the charts and a browser's computed style use)."""
    text = colour.strip()
    found = _HEX.match(text)
    if found:
        digits = found.group(1)
        if len(digits) == 3:
            digits = "".join(2 * digit for digit in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), 1.0)
    found = _FUNCTION.match(text)
    if found:
        red, green, blue, alpha = found.groups()
        return (float(red), float(green), float(blue), 1.0 if alpha is None else float(alpha))
    raise ValueError(f"not a colour: {colour!r}")


def over(colour: str, background: str, *, opacity: float = 1.0) -> str:
    """The opaque colour seen where `colour` (its own alpha times `opacity`) lies on `background`."""
    red, green, blue, alpha = rgba(colour)
    under = rgba(background)
    if under[3] < 1:
        raise ValueError(f"the background must be opaque: {background!r}")
    weight = alpha * opacity
    mixed = [
        weight * top + (1 - weight) * bottom
        for top, bottom in zip((red, green, blue), under[:3], strict=True)
    ]
    return "#" + "".join(f"{round(channel):02x}" for channel in mixed)


def _linear(channel: float) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of an opaque colour: 0 for black, 1 for white."""
    red, green, blue, alpha = rgba(colour)
    if alpha < 1:
        raise ValueError(f"blend a translucent colour first (over): {colour!r}")
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG's contrast ratio of two opaque colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str, *, dark: str = TEXT, light: str = WHITE) -> str:
    """The text colour, dark or light, that reads best on `background`."""
    return max((dark, light), key=lambda text: contrast_ratio(text, background))
