"""TERYT and BDL unit codes (plain Python)."""

from __future__ import annotations

import re

from stradom.core.messages import StradomError, gettext_noop

_BDL_RE = re.compile(r"^\d{12}$")


def teryt_from_bdl(bdl_code: str) -> str:
    """The TERC code a 12-digit BDL unit id stands for, at the deepest level it names.

    BDL id = ``MM WW R PP ppp GG T``: [2:4] voivodeship, [7:9] powiat, [9:11] gmina,
    [11] gmina type (see ``docs/domain/polish_finance.md`` §4.4). A subregion or
    region id (powiat digits ``00``) has no TERC code; an empty string is returned.
    """
    if not _BDL_RE.match(bdl_code):
        raise StradomError(gettext_noop("%(code)r is not a 12-digit BDL unit id"), code=bdl_code)
    woj, powiat, gmina, kind = bdl_code[2:4], bdl_code[7:9], bdl_code[9:11], bdl_code[11]
    if powiat == "00":
        return woj if bdl_code[4:] == "00000000" else ""
    if gmina == "00":
        return woj + powiat
    return woj + powiat + gmina + kind
