"""Polish budget classification: sections, chapters, paragraphs and the 4th digit.

Legal source: Rozporządzenie Ministra Finansów z dnia 2 marca 2010 r. w sprawie
szczegółowej klasyfikacji dochodów, wydatków, przychodów i rozchodów oraz
środków pochodzących ze źródeł zagranicznych (t.j. Dz.U. 2022 poz. 513):

* § 1 pkt 1 and Annex 1 – sections (działy), 3 digits;
* § 1 pkt 2 and Annex 2 – chapters (rozdziały), 5 digits, the first three being
  the section ("60015" lies in "600");
* § 1 pkt 3 and Annex 3 – revenue paragraphs (paragrafy dochodów), 3 digits;
* § 1 pkt 4 and Annex 4 – expenditure paragraphs (paragrafy wydatków), 3 digits;
* Annexes 3 and 4, preamble – "Klasyfikacja paragrafów … jest czterocyfrowa.
  Czwartą cyfrą jest zero lub niżej wymieniona odpowiednia cyfra": a budget
  line carries the paragraph plus one digit for the source of financing, so
  "4270" is paragraph 427 with digit 0 and "0010" is revenue paragraph 001.

A full budget position is written ``600-60015-4270`` (section, chapter,
paragraph with its 4th digit).  The data come from
``stradom/finance/data/classification.json`` (built by
``stradom.finance.data.build_classification``); this module only reads it.
Plain Python, no Django.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from stradom.core.messages import StradomError, gettext_noop

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "classification.json"

Kind = Literal["expenditure", "revenue"]
Part = Literal["section", "chapter", "paragraph", "code"]


class ClassificationError(StradomError):
    """A classification code that is malformed or unknown; ``part`` says which part."""

    def __init__(self, part: Part, template: str, **params: Any) -> None:
        self.part = part
        super().__init__(template, **params)


@dataclass(frozen=True)
class Section:
    code: str
    name_pl: str


@dataclass(frozen=True)
class Chapter:
    code: str
    name_pl: str

    @property
    def section_code(self) -> str:
        return self.code[:3]


@dataclass(frozen=True)
class Paragraph:
    code: str  # three digits, as the regulation numbers it
    name_pl: str
    kind: Kind


@dataclass(frozen=True)
class FinancingSource:
    digit: str
    name_pl: str


@dataclass(frozen=True)
class ClassificationCode:
    """A checked budget position: section, chapter, paragraph and its 4th digit."""

    section: Section
    chapter: Chapter
    paragraph: Paragraph
    source: FinancingSource

    @property
    def kind(self) -> Kind:
        return self.paragraph.kind

    @property
    def paragraph_code(self) -> str:
        """The four-digit paragraph as written in a budget ("4270")."""
        return self.paragraph.code + self.source.digit

    def __str__(self) -> str:
        return f"{self.section.code}-{self.chapter.code}-{self.paragraph_code}"


@dataclass(frozen=True)
class Classification:
    """One version of the classification, indexed by code."""

    version: str
    sections: Mapping[str, Section]
    chapters: Mapping[str, Chapter]
    revenue_paragraphs: Mapping[str, Paragraph]
    expenditure_paragraphs: Mapping[str, Paragraph]
    revenue_sources: Mapping[str, FinancingSource]
    expenditure_sources: Mapping[str, FinancingSource]
    repealed: Mapping[str, frozenset[str]] = field(default_factory=dict)

    # -- lookups ---------------------------------------------------------
    def section(self, code: str) -> Section:
        code = _digits(code, 3, "section")
        if code not in self.sections:
            if code in self.repealed.get("sections", ()):
                raise ClassificationError(
                    "section", gettext_noop("Section %(code)s has been repealed."), code=code
                )
            raise ClassificationError(
                "section", gettext_noop("Section %(code)s does not exist."), code=code
            )
        return self.sections[code]

    def chapter(self, code: str) -> Chapter:
        code = _digits(code, 5, "chapter")
        if code not in self.chapters:
            if code in self.repealed.get("chapters", ()):
                raise ClassificationError(
                    "chapter", gettext_noop("Chapter %(code)s has been repealed."), code=code
                )
            raise ClassificationError(
                "chapter", gettext_noop("Chapter %(code)s does not exist."), code=code
            )
        return self.chapters[code]

    def paragraph(self, code: str, kind: Kind = "expenditure") -> Paragraph:
        """A paragraph by its three digits (the 4th digit, if given, is ignored here)."""
        code = code.strip().lstrip("§").strip()
        if re.fullmatch(r"\d{4}", code):
            code = code[:3]
        code = _digits(code, 3, "paragraph")
        table = self.paragraphs(kind)
        if code not in table:
            template = (
                gettext_noop("Expenditure paragraph %(code)s does not exist.")
                if kind == "expenditure"
                else gettext_noop("Revenue paragraph %(code)s does not exist.")
            )
            raise ClassificationError("paragraph", template, code=code)
        return table[code]

    def paragraphs(self, kind: Kind) -> Mapping[str, Paragraph]:
        if kind == "expenditure":
            return self.expenditure_paragraphs
        if kind == "revenue":
            return self.revenue_paragraphs
        raise ValueError(f"kind must be 'expenditure' or 'revenue', not {kind!r}")

    def sources(self, kind: Kind) -> Mapping[str, FinancingSource]:
        return self.expenditure_sources if kind == "expenditure" else self.revenue_sources

    def chapters_of(self, section_code: str) -> list[Chapter]:
        section = self.section(section_code)
        return [c for c in self.chapters.values() if c.section_code == section.code]

    # -- whole positions -------------------------------------------------
    def parse_classification(
        self, section: str, chapter: str, paragraph: str, kind: Kind = "expenditure"
    ) -> ClassificationCode:
        """Check a budget position part by part; raise ClassificationError naming the part."""
        found_section = self.section(section)
        found_chapter = self.chapter(chapter)
        if found_chapter.section_code != found_section.code:
            raise ClassificationError(
                "chapter",
                gettext_noop("Chapter %(chapter)s does not belong to section %(section)s."),
                chapter=found_chapter.code,
                section=found_section.code,
            )
        paragraph = paragraph.strip().lstrip("§").strip()
        if not re.fullmatch(r"\d{4}", paragraph):
            raise ClassificationError(
                "paragraph",
                gettext_noop(
                    "Paragraph must have 4 digits (3 for the paragraph and 1 for the source "
                    "of financing), got %(value)s."
                ),
                value=paragraph,
            )
        found_paragraph = self.paragraph(paragraph[:3], kind)
        digit = paragraph[3]
        sources = self.sources(kind)
        if digit not in sources:  # every digit is defined today; kept for later versions
            raise ClassificationError(
                "paragraph",
                gettext_noop("The 4th digit %(digit)s of paragraph %(code)s is not defined."),
                digit=digit,
                code=paragraph,
            )
        return ClassificationCode(found_section, found_chapter, found_paragraph, sources[digit])

    def parse_code(self, text: str, kind: Kind = "expenditure") -> ClassificationCode:
        """Parse "600-60015-4270" (also with spaces, "/" or "." between the parts)."""
        parts = [p for p in re.split(r"[\s\-/.]+", text.strip().replace("§", " ")) if p]
        if len(parts) != 3:
            raise ClassificationError(
                "code",
                gettext_noop(
                    "A budget position has three parts, section-chapter-paragraph "
                    "(e.g. 600-60015-4270); got %(value)s."
                ),
                value=text,
            )
        section, chapter, paragraph = parts
        return self.parse_classification(section, chapter, paragraph, kind=kind)


def _digits(value: str, length: int, part: Part) -> str:
    value = value.strip() if isinstance(value, str) else str(value)
    if not re.fullmatch(rf"\d{{{length}}}", value):
        templates = {
            "section": gettext_noop("A section code has 3 digits, got %(value)s."),
            "chapter": gettext_noop("A chapter code has 5 digits, got %(value)s."),
            "paragraph": gettext_noop("A paragraph code has 3 digits, got %(value)s."),
        }
        raise ClassificationError(part, templates[part], value=value)
    return value


def classification_from_document(document: Mapping[str, Any]) -> Classification:
    """Index a classification document (the shape of ``classification.json``)."""

    def index(rows: list[dict], make: Any) -> Mapping[str, Any]:
        return MappingProxyType({row["code"]: make(row) for row in rows})

    def sources(rows: list[dict]) -> Mapping[str, FinancingSource]:
        return MappingProxyType(
            {r["digit"]: FinancingSource(r["digit"], r["name_pl"]) for r in rows}
        )

    repealed = document.get("repealed", {})
    return Classification(
        version=document["source"]["version"],
        sections=index(document["sections"], lambda r: Section(r["code"], r["name_pl"])),
        chapters=index(document["chapters"], lambda r: Chapter(r["code"], r["name_pl"])),
        revenue_paragraphs=index(
            document["revenue_paragraphs"], lambda r: Paragraph(r["code"], r["name_pl"], "revenue")
        ),
        expenditure_paragraphs=index(
            document["expenditure_paragraphs"],
            lambda r: Paragraph(r["code"], r["name_pl"], "expenditure"),
        ),
        revenue_sources=sources(document["financing_sources"]["revenue"]),
        expenditure_sources=sources(document["financing_sources"]["expenditure"]),
        repealed=MappingProxyType(
            {kind: frozenset(r["code"] for r in rows) for kind, rows in repealed.items()}
        ),
    )


def load_classification(path: Path | str | None = None) -> Classification:
    """Load the classification shipped with Stradom (or another file of the same shape)."""
    if path is None:
        return _default()
    return classification_from_document(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _default() -> Classification:
    return classification_from_document(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def parse_classification(
    section: str, chapter: str, paragraph: str, kind: Kind = "expenditure"
) -> ClassificationCode:
    """:meth:`Classification.parse_classification` on the shipped classification."""
    return load_classification().parse_classification(section, chapter, paragraph, kind)


def parse_code(text: str, kind: Kind = "expenditure") -> ClassificationCode:
    """:meth:`Classification.parse_code` on the shipped classification."""
    return load_classification().parse_code(text, kind)
