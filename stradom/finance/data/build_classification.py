"""Build ``classification.json`` (Polish budget classification) from the regulation text.

Source: Rozporządzenie Ministra Finansów z dnia 2 marca 2010 r. w sprawie
szczegółowej klasyfikacji dochodów, wydatków, przychodów i rozchodów oraz
środków pochodzących ze źródeł zagranicznych, tekst jednolity Dz.U. 2022
poz. 513 (``rozporzadzenie_klasyfikacja_DzU_2022_poz_513.md``, a text extracted
from the PDF; see ``source/SOURCES.md`` beside this file):

* Annex 2 (klasyfikacja rozdziałów) gives the sections (the "Dział NNN – name"
  headings) and the chapters;
* Annex 3 (paragrafy dochodów, przychodów i środków) gives the revenue
  paragraphs and the meaning of the 4th digit for revenue;
* Annex 4 (paragrafy wydatków i środków) gives the expenditure paragraphs and
  the meaning of the 4th digit for expenditure.

The extraction scrambled the two-column parts of the PDF: a run of codes, then a
run of names.  Those runs are re-paired by hand in
:mod:`classification_repairs` (names copied from the text, in the text's order;
every code still comes from the text).  The build refuses to write anything if a
repair does not match the text, if codes are not strictly increasing within an
annex, or if a name looks like a description.  The JSON fixtures next to the
regulation (dzialy.json, rozdzialy.json, paragrafy_wydatkow.json) are used only
as a cross-check; differences are printed.  When this was written they showed
that the fixtures follow a later amendment (e.g. chapter 72003, § 207 for aid to
citizens of Ukraine), miss a few paragraphs still in force (§ 421, 426, 430) and
mispair names in chapters 01001-01013, so the regulation text is the only data
source.

Revenue paragraphs are numbered with three digits in Annex 3 ("001 Wpływy z
podatku dochodowego od osób fizycznych"); a budget line appends the 4th digit
(source of financing), giving "0010".  Annex 3 of this text holds no przychody
(§ 9xx) and Annex 4 no rozchody, so neither is in the output.

Usage (from the repository root; the default source directory is ``source/`` beside this
file, a copy of the regulation text and the fixtures kept in the repository)::

    .venv/bin/python -m stradom.finance.data.build_classification [--check] [--verbose]
    .venv/bin/python stradom/finance/data/build_classification.py --source-dir DIR

``--check`` rebuilds in memory and exits non-zero if the committed
``classification.json`` differs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

if not __package__:  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from stradom.finance.data.classification_repairs import (  # noqa: E402
    COLUMN_BLOCKS,
    GLUED_WORDS,
    ZERO_DIGIT_NOTE,
)

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "classification.json"
DEFAULT_SOURCE = HERE / "source"
REGULATION = "rozporzadzenie_klasyfikacja_DzU_2022_poz_513.md"
VERSION = "Dz.U. 2022 poz. 513 (t.j.)"

PAGE_HEADER = re.compile(r"^\s*Dziennik Ustaw\b")
PAGE_NUMBER = re.compile(r"^\s*[1-9]\d?\s*$")  # pages 1-75; codes keep leading zeros
FOOTNOTE_TEXT = re.compile(
    r"^\s*\d{1,2}\)\s*(W brzmieniu|Dodany|Przez §|Ze zmianą|Wszedł|Uchylony|Objaśnienia|Zdanie)"
)
MARKERS_ONLY = re.compile(r"^\s*(\d{1,2}\)\s*)+$")
LEADING_MARKER = re.compile(r"^\s*\d{1,2}\)\s+")
SECTION_HEADING = re.compile(r"^\s*Dział (\d{3}) – (.+)$")

# Phrases that open an explanation (objaśnienie), never a name.
CHAPTER_NOTES = (
    "Rozdział ten",
    "Rozdział obejmuje",
    "W rozdziale tym",
    "Do dnia",
    "W budżecie państwa",
    "Kwoty ",
    "W jednostkach samorządu terytorialnego w rozdziałach",
)
PARAGRAPH_NOTES = (
    "Paragraf ten",
    "Paragraf obejmuje",
    "Paragraf nie",
    "Paragraf ma",
    "Paragrafu tego",
    "W paragrafie",
    "W budżecie państwa",
    "Nie zalicza się",
    "Do paragrafu",
    "Do wynagrodzeń",
    "Do kosztów",
    "Z wydatków",
    "Wynagrodzenia osobowe, o których",
    "Wynagrodzenia osobowe obejmują",
    "Niezależnie",
    "Ponadto",
    "Powyższe",
    "Dotacji celowych",
)


@dataclass(frozen=True)
class Kind:
    """How one annex numbers its items."""

    name: str
    digits: int
    notes: tuple[str, ...]

    @property
    def code(self) -> str:
        # a code, possibly with a footnote number glued on ("6001713)" = 60017 + note 13)
        return rf"(\d{{{self.digits}}})(?:\d{{1,2}}\))?"


CHAPTER = Kind("chapter", 5, CHAPTER_NOTES)
PARAGRAPH = Kind("paragraph", 3, PARAGRAPH_NOTES)


@dataclass
class Entry:
    code: str
    title: list[str] = field(default_factory=list)
    in_notes: bool = False


class BuildError(Exception):
    pass


def clean_lines(text: str) -> list[str]:
    """Drop page furniture and footnote texts; strip stray footnote markers."""
    out: list[str] = []
    in_footnote = False
    for raw in text.splitlines():
        line = raw.strip()
        if PAGE_HEADER.match(line) or (line.startswith("–") and "Poz. 513" in line):
            continue
        if PAGE_NUMBER.match(line):
            in_footnote = False  # footnotes run to the page number at the foot of the page
            continue
        if FOOTNOTE_TEXT.match(line):
            in_footnote = True
        if in_footnote or not line or MARKERS_ONLY.match(line):
            continue
        out.append(LEADING_MARKER.sub("", line))
    return out


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def fix_name(name: str, kind: Kind, code: str, used: set[str]) -> str:
    name = normalise(re.sub(r"(?<!\d)\d{1,2}\)(?=\s|$)", "", name))  # footnote numbers
    for glued, fixed in GLUED_WORDS.items():
        if glued in name:
            name = name.replace(glued, fixed)
            used.add(glued)
    if not name or any(name.startswith(n.strip()) for n in kind.notes) or len(name) > 450:
        raise BuildError(f"{kind.name} {code}: suspicious name {name!r}")
    return name.rstrip(",;")


def parse_items(lines: list[str], kind: Kind, fixes_used: set[str]) -> list[tuple[str, str]]:
    """Parse one annex: clean "code name" lines plus repaired column blocks."""
    code_only = re.compile(rf"^(?:{kind.code}\s*)+$")
    entry_at = re.compile(rf"(?:^|(?<=\s)){kind.code}\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ(])")
    items: list[Entry] = []
    block: list[str] | None = None  # codes of a column block being collected
    block_text: list[str] = []

    def close_block() -> None:
        nonlocal block
        if block is None:
            return
        repair = COLUMN_BLOCKS.get((kind.name, block[0]))
        if repair is None:
            raise BuildError(f"no repair for the {kind.name} column block starting {block[0]}")
        names = list(repair)
        if len(names) != len(block):
            raise BuildError(
                f"{kind.name} block {block[0]}: {len(block)} codes, {len(names)} names in repair"
            )
        haystack, pos = normalise(" ".join(block_text)), 0
        for code, name in zip(block, names, strict=True):
            found = haystack.find(name, pos)
            if found < 0:
                raise BuildError(f"{kind.name} {code}: repaired name not in text: {name!r}")
            pos = found + len(name)
            items.append(Entry(code, [name], in_notes=True))
        block = None
        block_text.clear()

    for line in lines:
        if code_only.match(line):
            codes = re.findall(kind.code, line)
            if block is None:
                block = []
            block.extend(codes)
            continue
        starts = list(entry_at.finditer(line))
        starts = [
            m
            for m in starts
            if not line[m.end() :].startswith(kind.notes) and not _is_reference(line[: m.start()])
        ]
        if block is not None and not (starts and starts[0].start() == 0):
            block_text.append(line)
            continue
        close_block()
        cut = starts[0].start() if starts else len(line)
        head = line[:cut].strip()
        if head and items:
            last = items[-1]
            if not last.in_notes and not head.startswith(kind.notes):
                last.title.append(_title_part(head, kind, last))
            else:
                last.in_notes = True
        for i, match in enumerate(starts):
            tail_end = starts[i + 1].start() if i + 1 < len(starts) else len(line)
            entry = Entry(match.group(1))
            entry.title.append(_title_part(line[match.end() : tail_end], kind, entry))
            items.append(entry)
    close_block()

    result: list[tuple[str, str]] = []
    for entry in items:
        name = fix_name(" ".join(entry.title), kind, entry.code, fixes_used)
        if result and entry.code <= result[-1][0]:
            raise BuildError(f"{kind.name} {entry.code} follows {result[-1][0]}: order broken")
        result.append((entry.code, name))
    return result


REFERENCE_WORDS = re.compile(
    r"(?:dzia\w*|rozdzia\w*|paragra\w*|poz\.|art\.|ust\.|pkt|nr|części|cz\.|§)\s*$",
    re.IGNORECASE,
)


def _is_reference(before: str) -> bool:
    """Whether a code is cited ("w dziale 754 Bezpieczeństwo …") rather than listed."""
    return bool(REFERENCE_WORDS.search(before))


def _title_part(text: str, kind: Kind, entry: Entry) -> str:
    """The part of ``text`` before an explanation starts (and mark the entry if one does)."""
    pattern = "|".join(re.escape(n.strip()) for n in kind.notes)
    match = re.search(rf"(?:^|\s)(?:{pattern})", text)
    if match:
        entry.in_notes = True
        return text[: match.start()].strip()
    return text.strip()


def _index(lines: list[str], needle: str, start: int = 0, exact: bool = False) -> int:
    for i in range(start, len(lines)):
        if (lines[i] == needle) if exact else (needle in lines[i]):
            return i
    raise BuildError(f"marker not found in the regulation text: {needle!r}")


def parse_sections_and_chapters(
    lines: list[str], fixes_used: set[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    begin = _index(lines, "Dział 010 –")
    end = _index(lines, "W jednostkach samorządu terytorialnego w rozdziałach", begin)
    sections: list[tuple[str, str]] = []
    chapters: list[tuple[str, str]] = []
    current: list[str] = []

    def flush() -> None:
        if sections:
            found = parse_items(current, CHAPTER, fixes_used)
            for code, _ in found:
                if not code.startswith(sections[-1][0]):
                    raise BuildError(f"chapter {code} under section {sections[-1][0]}")
            chapters.extend(found)
        current.clear()

    for line in lines[begin:end]:
        heading = SECTION_HEADING.match(line)
        if heading:
            flush()
            name = heading.group(2)
            glued = re.search(rf"\s{heading.group(1)}\d\d\s", name)  # "… poborem 75601 Wpływy …"
            if glued:
                current.append(name[glued.start() :].strip())
                name = name[: glued.start()]
            code = heading.group(1)
            sections.append((code, fix_name(name, CHAPTER, code, fixes_used)))
        else:
            current.append(line)
    flush()
    return sections, chapters


def parse_digits(lines: list[str]) -> list[tuple[str, str]]:
    """The 4th-digit list: "N title" lines, title running until "Symbol ten …"."""
    digits: list[tuple[str, list[str]]] = []
    open_title = False
    for line in lines:
        match = re.match(r"^([1-9]) (\S.*)$", line)
        if match and (not digits or int(match.group(1)) == int(digits[-1][0]) + 1):
            digits.append((match.group(1), [match.group(2)]))
            open_title = True
        elif line.startswith("Symbol ten"):
            open_title = False
        elif open_title:
            digits[-1][1].append(line)
    if [d for d, _ in digits] != [str(i) for i in range(1, 10)]:
        raise BuildError(f"4th-digit list incomplete: {[d for d, _ in digits]}")
    return [(d, normalise(" ".join(t))) for d, t in digits]


def build(source_dir: Path) -> tuple[dict, list[str]]:
    """Return the classification document and the cross-check remarks."""
    # NFC: parts of the extracted text use combining marks ("a" + U+0328 for "ą")
    text = unicodedata.normalize("NFC", (source_dir / REGULATION).read_text(encoding="utf-8"))
    lines = clean_lines(text)
    fixes_used: set[str] = set()
    sections, chapters = parse_sections_and_chapters(lines, fixes_used)

    rev_digits_at = _index(lines, "Klasyfikacja paragrafów dochodów, przychodów i środków jest")
    rev_par_at = _index(lines, "Paragrafy", rev_digits_at, exact=True)
    exp_at = _index(lines, "KLASYFIKACJA PARAGRAFÓW WYDATKÓW I ŚRODKÓW", rev_par_at)
    exp_digits_at = _index(lines, "Klasyfikacja paragrafów wydatków i środków jest", exp_at)
    exp_par_at = _index(lines, "Paragrafy", exp_digits_at, exact=True)
    revenue = parse_items(lines[rev_par_at + 1 : exp_at], PARAGRAPH, fixes_used)
    expenditure = parse_items(lines[exp_par_at + 1 :], PARAGRAPH, fixes_used)
    rev_digits = parse_digits(lines[rev_digits_at + 1 : rev_par_at])
    exp_digits = parse_digits(lines[exp_digits_at + 1 : exp_par_at])

    unused = set(GLUED_WORDS) - fixes_used
    if unused:
        raise BuildError(f"glued-word repairs that matched nothing: {sorted(unused)}")

    def split(items: list[tuple[str, str]]) -> tuple[list[dict], list[dict]]:
        live = [{"code": c, "name_pl": n} for c, n in items if n != "(uchylony)"]
        gone = [{"code": c, "name_pl": n} for c, n in items if n == "(uchylony)"]
        return live, gone

    chapters_live, chapters_gone = split(chapters)
    revenue_live, revenue_gone = split(revenue)
    expenditure_live, expenditure_gone = split(expenditure)
    zero = {"digit": "0", "name_pl": "zero", "note": ZERO_DIGIT_NOTE}
    document = {
        "source": {
            "act": "Rozporządzenie Ministra Finansów z dnia 2 marca 2010 r. w sprawie "
            "szczegółowej klasyfikacji dochodów, wydatków, przychodów i rozchodów oraz "
            "środków pochodzących ze źródeł zagranicznych",
            "version": VERSION,
            "built_by": "stradom/finance/data/build_classification.py",
            "note": "Revenue (przychody, § 9xx) and outgoing (rozchody) paragraphs are not in "
            "the source text and are not included.",
        },
        "sections": [{"code": c, "name_pl": n} for c, n in sections],
        "chapters": chapters_live,
        "revenue_paragraphs": revenue_live,
        "expenditure_paragraphs": expenditure_live,
        "financing_sources": {
            "revenue": [zero] + [{"digit": d, "name_pl": n} for d, n in rev_digits],
            "expenditure": [zero] + [{"digit": d, "name_pl": n} for d, n in exp_digits],
        },
        "repealed": {
            "sections": [{"code": "803", "name_pl": "(uchylony)"}],
            "chapters": chapters_gone,
            "revenue_paragraphs": revenue_gone,
            "expenditure_paragraphs": expenditure_gone,
        },
    }
    return document, cross_check(document, source_dir)


def cross_check(document: dict, source_dir: Path) -> list[str]:
    """Compare with the JSON fixtures shipped next to the regulation (never used as data)."""
    remarks: list[str] = []

    def load(name: str) -> dict[str, str]:
        path = source_dir / name
        if not path.exists():
            return {}
        rows = json.loads(path.read_text(encoding="utf-8"))
        return {r["kod"]: normalise(r.get("nazwa") or r.get("tresc") or "") for r in rows}

    ours_by_kind = {
        "dzialy.json": document["sections"],
        "rozdzialy.json": document["chapters"],
        "paragrafy_wydatkow.json": document["expenditure_paragraphs"],
    }
    for fixture, ours_list in ours_by_kind.items():
        theirs = load(fixture)
        if not theirs:
            continue
        ours = {row["code"]: row["name_pl"] for row in ours_list}
        if fixture == "rozdzialy.json":  # partial fixture: sections 010-756 only
            ours = {c: n for c, n in ours.items() if c[:3] <= "756"}
        only_ours = sorted(set(ours) - set(theirs))
        only_theirs = sorted(set(theirs) - set(ours))
        renamed = sorted(c for c in set(ours) & set(theirs) if ours[c] != theirs[c])
        remarks.append(
            f"{fixture}: {len(theirs)} codes; only in the regulation: {only_ours or '-'}; "
            f"only in the fixture: {only_theirs or '-'}; names differ: {len(renamed)}"
        )
        remarks.extend(f"    {c}: regulation {ours[c]!r} / fixture {theirs[c]!r}" for c in renamed)
    return remarks


def render(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    parser.add_argument("--verbose", action="store_true", help="print the cross-check details")
    args = parser.parse_args(argv)
    try:
        document, remarks = build(args.source_dir)
    except BuildError as exc:
        sys.stderr.write(f"build failed: {exc}\n")
        return 2
    for remark in remarks:
        if args.verbose or not remark.startswith("    "):
            sys.stdout.write(remark + "\n")
    counts = {k: len(v) for k, v in document.items() if isinstance(v, list)}
    sys.stdout.write(f"counts: {counts}\n")
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == render(document)
        verdict = "is up to date" if same else "differs"
        sys.stdout.write(f"classification.json {verdict}\n")
        return 0 if same else 1
    OUTPUT.write_text(render(document), encoding="utf-8")
    sys.stdout.write(f"wrote {OUTPUT}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
