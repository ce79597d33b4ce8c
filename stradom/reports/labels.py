"""How a report names a goal of a strategy in a heading (plain Python).

Kraków's strategy titles its nodes "<level> <number> – <name>": "Obszar I –
Inteligentna i nowoczesna metropolia", "Cel strategiczny II – Kraków – miasto
rozwijające gospodarkę opartą na wiedzy", "Cel operacyjny I.1 …". A report does
the same — "Obszar I. Inteligentna i nowoczesna metropolia" — whatever the codes
a strategy was loaded with:

* a code that begins with its level's name ("OBSZAR-I", "obszar_1", "Obszar I")
  keeps only what follows it, so the level is not said twice ("Obszar OBSZAR-I");
* a code that carries a word of its own that is not the level's name (the Polish
  code "OBSZAR-I" in an English report, whose level is "area") is shown as it
  is, without the level: "OBSZAR-I. Inteligentna …", not "Area OBSZAR-I. …";
* a level name that lists alternatives ("cel operacyjny / działanie kluczowe")
  does not say which one a goal is, so it is left out: "I.1. Kraków – węzłem …".
"""

from __future__ import annotations

import re

# Between a level's name and the number in a code: "OBSZAR-I", "obszar_1", "Obszar I", "Cel: 2".
SEPARATORS = " \t-_:.–—/"
# A code opening with a word (two letters or more, not a Roman numeral) and a separator:
# the code names a level itself, in some language.
OWN_WORD = re.compile(r"^(?![IVXLCDM]+\b)[^\W\d_]{2,}[\s\-_:–—]", re.IGNORECASE)


def goal_title(code: str, name: str, level: str = "") -> str:
    """A goal's heading: "<Level> <number>. <name>", "<code>. <name>" or just the name."""
    label = goal_label(code, level)
    name = name.strip()
    if not label:
        return name
    return f"{label}. {name}" if name else label


def goal_label(code: str, level: str = "") -> str:
    """A goal's code as a reader says it: "Obszar I", "Cel strategiczny II", "I.1"."""
    code = code.strip().rstrip(".").strip()
    level = " ".join(level.split())
    if not level or "/" in level:
        return code
    if code.casefold().startswith(level.casefold()):
        rest = code[len(level) :]
        if not rest or rest[0] in SEPARATORS:  # "OBSZAR-I", not "OBSZARY-I" after "obszar"
            number = rest.strip(SEPARATORS)
            return f"{_capital(level)} {number}" if number else _capital(level)
    if OWN_WORD.match(code):
        return code
    return f"{_capital(level)} {code}" if code else _capital(level)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
