"""Charts for paper: the web's Vega-Lite specifications drawn by vl-convert, offline.

The same spec the browser draws (``stradom.charts.specs``) is rendered here to
SVG (PDF) or PNG (Word). A spec sized to its ``"container"`` gets a fixed width
(a page has no container); the font becomes DejaVu Sans, which has every Polish
letter and is installed with the system fonts vl-convert reads. No URL may be
fetched (``allowed_base_urls=[]``): data is always inline. Numbers on the axes
follow the report's language (d3 locales ``pl-PL`` / ``en-US``).

Renders are cached by spec (and language) for the life of the process, so a
chart repeated in a report, or in its PDF and DOCX, is laid out by Vega once.
"""

from __future__ import annotations

import copy
import functools
import json

PAGE_WIDTH = 560  # px of the chart area on an A4 page with the report margins
FONT = "DejaVu Sans"
# d3-format's own pl-PL groups thousands with a dot; Polish writing (and the pages) use a
# no-break space, so the Polish locale is given in full.
LOCALES = {
    "pl": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0zł"]},
    "en": "en-US",
}


COMPOSED = ("concat", "hconcat", "vconcat", "facet", "repeat")


def printable(spec: dict) -> dict:
    """``spec`` with a fixed width and the report font (the original is not changed). A
    composed chart (small multiples, a pyramid) sizes its own parts."""
    spec = copy.deepcopy(spec)
    if not any(key in spec for key in COMPOSED):
        if spec.get("width", "container") == "container":
            spec["width"] = PAGE_WIDTH
        if spec.get("height") == "container":
            spec["height"] = 280
    spec.setdefault("config", {})["font"] = FONT
    return spec


def chart_svg(spec: dict, language: str = "pl") -> str:
    """The chart as an SVG document (text)."""
    return _svg(json.dumps(spec, sort_keys=True, default=str), language)


def chart_png(spec: dict, language: str = "pl", scale: float = 2.0) -> bytes:
    """The chart as PNG bytes, at ``scale`` × its pixel size (2 is sharp in print)."""
    return _png(json.dumps(spec, sort_keys=True, default=str), language, scale)


@functools.lru_cache(maxsize=1024)  # ~10 kB each: a 300-goal report fits
def _svg(text: str, language: str) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(
        printable(json.loads(text)),
        format_locale=LOCALES.get(language[:2], LOCALES["pl"]),
        allowed_base_urls=[],
    )


@functools.lru_cache(maxsize=64)
def _png(text: str, language: str, scale: float) -> bytes:
    # From the (cached) SVG: a report made as PDF and DOCX runs Vega once per chart.
    import vl_convert

    return vl_convert.svg_to_png(_svg(text, language), scale=scale)
