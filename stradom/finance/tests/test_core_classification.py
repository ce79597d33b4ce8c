"""Budget classification: the shipped data and the parser (no Django)."""

from __future__ import annotations

import re

import pytest

from stradom.finance.core.classification import (
    ClassificationError,
    load_classification,
    parse_classification,
    parse_code,
)
from stradom.finance.data import build_classification as builder

C = load_classification()


# -- the data ---------------------------------------------------------------
def test_counts_are_those_found_in_the_regulation_text():
    assert len(C.sections) == 33
    assert len(C.chapters) == 665
    assert len(C.revenue_paragraphs) == 219
    assert len(C.expenditure_paragraphs) == 264
    assert sorted(C.revenue_sources) == [str(d) for d in range(10)]
    assert sorted(C.expenditure_sources) == [str(d) for d in range(10)]
    assert C.repealed["sections"] == {"803"}
    assert C.repealed["chapters"] == {"01010", "85401"}


def test_codes_have_the_right_shape_and_every_chapter_lies_in_an_existing_section():
    assert all(re.fullmatch(r"\d{3}", code) for code in C.sections)
    assert all(re.fullmatch(r"\d{5}", code) for code in C.chapters)
    assert all(re.fullmatch(r"\d{3}", code) for code in C.revenue_paragraphs)
    assert all(re.fullmatch(r"\d{3}", code) for code in C.expenditure_paragraphs)
    assert {chapter.section_code for chapter in C.chapters.values()} == set(C.sections)


def test_sections_from_758_to_926_have_their_chapters():
    # the source JSON had chapters of sections 010-756 only
    counts = {code: len(C.chapters_of(code)) for code in ("757", "758", "801", "852", "921", "926")}
    assert counts == {"757": 5, "758": 30, "801": 38, "852": 19, "921": 26, "926": 7}


def test_every_section_has_its_other_activities_chapter():
    # the revenue, debt and settlement sections (756-758) have no "xx95" chapter
    assert [code for code in C.sections if f"{code}95" not in C.chapters] == ["756", "757", "758"]
    assert C.chapters["90095"].name_pl == "Pozostała działalność"


def test_known_names():
    assert C.sections["600"].name_pl == "Transport i łączność"
    assert C.sections["750"].name_pl == "Administracja publiczna"
    assert C.chapters["60015"].name_pl == "Drogi publiczne w miastach na prawach powiatu"
    assert C.chapters["60016"].name_pl == "Drogi publiczne gminne"
    assert C.chapters["75023"].name_pl == "Urzędy gmin (miast i miast na prawach powiatu)"
    assert C.chapters["85219"].name_pl == "Ośrodki pomocy społecznej"
    assert C.chapters["92116"].name_pl == "Biblioteki"
    assert C.expenditure_paragraphs["427"].name_pl == "Zakup usług remontowych"
    assert C.expenditure_paragraphs["605"].name_pl == "Wydatki inwestycyjne jednostek budżetowych"
    assert C.revenue_paragraphs["001"].name_pl == "Wpływy z podatku dochodowego od osób fizycznych"
    assert C.revenue_paragraphs["031"].name_pl == "Wpływy z podatku od nieruchomości"


def test_repaired_text_has_no_glued_words_or_footnote_numbers():
    assert C.chapters["75604"].name_pl.startswith(
        "Wpływy z podatku dochodowego od osób fizycznych pobieranego w wysokości 19%"
    )
    assert "Banku Gospodarstwa" in C.chapters["75602"].name_pl
    assert C.chapters["75401"].name_pl == "Centralne Biuro Śledcze Policji"
    assert C.chapters["75406"].name_pl == "Straż Graniczna"
    for table in (C.sections, C.chapters, C.revenue_paragraphs, C.expenditure_paragraphs):
        for item in table.values():
            assert not re.search(r"\d\)", item.name_pl), item


# -- parsing ----------------------------------------------------------------
def test_every_code_parses():
    for chapter in C.chapters.values():
        assert str(C.parse_classification(chapter.section_code, chapter.code, "4300")) == (
            f"{chapter.section_code}-{chapter.code}-4300"
        )
    for code in C.expenditure_paragraphs:
        for digit in "0123456789":
            assert C.parse_code(f"750-75023-{code}{digit}").paragraph_code == code + digit
    for code in C.revenue_paragraphs:
        assert C.parse_code(f"756-75601-{code}0", kind="revenue").paragraph.code == code


def test_parse_code_returns_the_parts():
    position = parse_code("600-60015-4270")
    assert position.section.name_pl == "Transport i łączność"
    assert position.chapter.code == "60015"
    assert position.paragraph.code == "427"
    assert position.source.digit == "0"
    assert position.kind == "expenditure"
    assert str(position) == "600-60015-4270"


def test_parse_code_accepts_other_separators_and_revenue():
    assert str(parse_code(" 600 60016 § 6050 ")) == "600-60016-6050"
    assert str(parse_code("801/80101/4210")) == "801-80101-4210"
    revenue = parse_code("756-75621-0010", kind="revenue")
    assert revenue.paragraph.name_pl == "Wpływy z podatku dochodowego od osób fizycznych"
    assert revenue.kind == "revenue"


def test_eu_financing_digit_is_kept():
    position = parse_classification("600", "60016", "6057")
    assert position.source.name_pl == "Płatności w zakresie budżetu środków europejskich"


@pytest.mark.parametrize(
    ("args", "part", "text"),
    [
        (("600", "60099", "4270"), "chapter", "Chapter 60099 does not exist."),
        (("600", "75023", "4270"), "chapter", "Chapter 75023 does not belong to section 600."),
        (("999", "60015", "4270"), "section", "Section 999 does not exist."),
        (("803", "80301", "4270"), "section", "Section 803 has been repealed."),
        (("010", "01010", "4270"), "chapter", "Chapter 01010 has been repealed."),
        (("600", "60015", "4999"), "paragraph", "Expenditure paragraph 499 does not exist."),
        (
            ("600", "60015", "427"),
            "paragraph",
            "Paragraph must have 4 digits (3 for the paragraph and 1 for the source of "
            "financing), got 427.",
        ),
        (("60", "60015", "4270"), "section", "A section code has 3 digits, got 60."),
        (("600", "6001", "4270"), "chapter", "A chapter code has 5 digits, got 6001."),
    ],
)
def test_refusals_name_the_wrong_part(args, part, text):
    with pytest.raises(ClassificationError) as caught:
        parse_classification(*args)
    assert caught.value.part == part
    assert str(caught.value) == text


def test_a_revenue_paragraph_is_not_an_expenditure_paragraph():
    # § 001 exists in Annex 3 only
    with pytest.raises(ClassificationError, match="Expenditure paragraph 001 does not exist"):
        parse_code("756-75601-0010")
    with pytest.raises(ClassificationError, match="Revenue paragraph 427 does not exist"):
        parse_code("600-60015-4270", kind="revenue")


def test_parse_code_wants_three_parts():
    with pytest.raises(ClassificationError) as caught:
        parse_code("600-60015")
    assert caught.value.part == "code"
    assert caught.value.message.params == {"value": "600-60015"}


# -- the builder ------------------------------------------------------------
def test_shipped_file_is_what_the_builder_produces():
    document, _ = builder.build(builder.DEFAULT_SOURCE)
    assert builder.render(document) == builder.OUTPUT.read_text(encoding="utf-8")


def test_builder_refuses_a_repair_that_does_not_match_the_text(monkeypatch):
    blocks = dict(builder.COLUMN_BLOCKS)
    names = list(blocks[("chapter", "92579")])
    names[1] = "Działalność wymyślona"
    blocks[("chapter", "92579")] = tuple(names)
    monkeypatch.setattr(builder, "COLUMN_BLOCKS", blocks)
    with pytest.raises(builder.BuildError, match="repaired name not in text"):
        builder.build(builder.DEFAULT_SOURCE)


def test_builder_refuses_a_repair_with_the_wrong_number_of_names(monkeypatch):
    blocks = dict(builder.COLUMN_BLOCKS)
    blocks[("chapter", "92579")] = blocks[("chapter", "92579")][:2]
    monkeypatch.setattr(builder, "COLUMN_BLOCKS", blocks)
    with pytest.raises(builder.BuildError, match="3 codes, 2 names"):
        builder.build(builder.DEFAULT_SOURCE)
