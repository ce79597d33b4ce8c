"""What an office puts in its report on the state of the municipality (plain Python).

Two settings, read from the environment at start-up (``stradom/settings.py``) and
checked again when a report is made (a test or a deployment may set them directly):

* ``STRADOM_MUNICIPALITY_REPORT_CHAPTERS``: the chapters, in order, as comma-separated
  keys of :data:`CHAPTERS` (default: all six, in that order). The chapters are numbered
  in the order given.
* ``STRADOM_MUNICIPALITY_PROFILE``: the indicators of the profile chapter, as
  comma-separated codes of the catalogue (default :data:`DEFAULT_PROFILE`, the codes
  the demo's Local Data Bank mappings and Kraków's figures are loaded with). The first
  is the population: its series is charted and, when it is kept by age group (the
  ``age`` dimension, with ``sex``), its age structure too. The first indicator with
  values for the districts is mapped.

A malformed value is refused with a message that names the setting, the item and
what is allowed; nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stradom.env import ConfigurationError

CHAPTERS_SETTING = "STRADOM_MUNICIPALITY_REPORT_CHAPTERS"
PROFILE_SETTING = "STRADOM_MUNICIPALITY_PROFILE"

# The chapters of art. 28aa of the act on municipal self-government as offices write them.
CHAPTERS = ("profile", "finance", "strategy", "resolutions", "civic_budget", "other")

DEFAULT_PROFILE = (
    "BDL_POP",
    "BDL_FEMINIZATION",
    "BIRTHS",
    "DEATHS",
    "NAT_INC_PM",
    "BDL_FERTILITY",
    "BDL_MARRIAGES_1000",
    "MIGR_INT_BAL",
    "BDL_UNEMP_RATE",
    "DISTRICT_DENSITY",
)

CODE = re.compile(r"[^\s,]{1,64}")


def _items(value: str | Iterable[str], setting: str) -> list[str]:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",")]
    items = list(value)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, str):
            raise ConfigurationError(f"{setting}: item {number} must be text, not {item!r}")
    return [item.strip() for item in items]


def _checked(items: list[str], setting: str) -> None:
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not item:
            raise ConfigurationError(f"{setting}: item {number} is empty")
        if item in seen:
            raise ConfigurationError(f"{setting}: item {number} {item!r} is given twice")
        seen.add(item)


def report_chapters(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The chapters named by ``value`` (text or a sequence), or all of them when it is
    empty; a ConfigurationError names an unknown, empty or repeated item."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return CHAPTERS
    items = _items(value, CHAPTERS_SETTING)
    if not items:
        return CHAPTERS
    _checked(items, CHAPTERS_SETTING)
    for number, item in enumerate(items, start=1):
        if item not in CHAPTERS:
            raise ConfigurationError(
                f"{CHAPTERS_SETTING}: item {number} {item!r} is not a chapter; "
                f"the chapters are {', '.join(CHAPTERS)}"
            )
    return tuple(items)


def profile_indicators(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The indicator codes named by ``value``, or :data:`DEFAULT_PROFILE` when it is
    empty; a ConfigurationError names an empty, repeated or malformed code."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_PROFILE
    items = _items(value, PROFILE_SETTING)
    _checked(items, PROFILE_SETTING)
    for number, item in enumerate(items, start=1):
        if not CODE.fullmatch(item):
            raise ConfigurationError(
                f"{PROFILE_SETTING}: item {number} {item!r} is not an indicator code "
                "(at most 64 characters, no spaces or commas)"
            )
    return tuple(items)
