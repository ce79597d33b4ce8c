"""The indicator sheet, read back: the PDF with pypdf, the document's tables, the
refusals. One PDF is rendered for the whole module (a render takes about a second)."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from pypdf import PdfReader

from stradom.catalog.services import ObservationInput, write_observations
from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.reports.cells import format_cell
from stradom.reports.document import Bullets, Chart, Heading, Table
from stradom.reports.services import build_document, generate_report
from stradom.strategy.queries import forget_assessments
from stradom.strategy.testing import build_dashboard

POLISH = "Zażółć gęślą jaźń"  # every Polish letter: ą ć ę ł ń ó ś ź ż


@pytest.fixture
def dashboard(world):
    cache.clear()
    forget_assessments()
    w = build_dashboard(world)
    w.pm10.calculation_pl = f"{POLISH}: średnia roczna ze stacji"
    w.pm10.source = "GIOŚ"
    w.pm10.save()
    yield w
    cache.clear()
    forget_assessments()


def text_of(path) -> str:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\u00a0", " ")


def structure(node, out=None) -> list[tuple[str, str]]:
    """(tag, alternative text) of every structure element under ``node``."""
    out = [] if out is None else out
    node = node.get_object()
    if "/S" in node:
        out.append((str(node["/S"]), str(node.get("/Alt", ""))))
    kids = node.get("/K")
    if kids is not None:
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "get") and kid.get("/Type") != "/MCR" and ("/S" in kid or "/K" in kid):
                structure(kid, out)
    return out


def test_pdf_has_the_indicator_its_numbers_status_and_polish_letters(dashboard, tmp_path):
    path = generate_report(
        "indicator", "pdf", user=AnonymousUser(), out_dir=tmp_path, indicator="PM10_AVG"
    )
    assert path == tmp_path / "metryka-wskaznika-PM10_AVG.pdf"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    text = text_of(path)
    for heading in (
        "Średnioroczne stężenie PM10",
        "Metadane",
        "Wartości – Kraków",
        "Ocena",
        "Źródła",
    ):
        assert heading in text, heading
    assert POLISH in text
    # the series 1234,5 … 1184,5 (2019…2024), formatted the Polish way with one decimal
    assert "1 234,5" in text and "1 184,5" in text
    assert "Wartość docelowa to 900,0 do roku 2030; źródło: Uchwała testowa." in text
    assert "Im niższa wartość, tym lepiej." in text
    assert "Stan: Ograniczony postęp; wynik: −1,3." in text
    assert "GIOŚ" in text and "Cel: Uchwała testowa" in text

    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    tags = structure(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/Figure"} <= {t for t, _ in tags}
    figures = [alt for tag, alt in tags if tag == "/Figure"]
    assert figures == [
        "Wartości wskaźnika „Średnioroczne stężenie PM10” (Kraków) w kolejnych okresach;"
        " te same liczby podano w tabeli poniżej."
    ]
    assert root["/Lang"] == "pl"
    assert reader.metadata.title == "Średnioroczne stężenie PM10"


def test_document_shows_status_intervals_and_all_metadata(dashboard):
    write_observations(
        [
            ObservationInput(
                "PM10_AVG",
                "1261011",
                "2024",
                Decimal("1184.5"),
                ci_low=Decimal("1100"),
                ci_high=Decimal("1250.25"),
            )
        ],
        actor=None,
        reason="interval",
        channel="command",
    )
    doc = build_document("indicator", user=AnonymousUser(), indicator="PM10_AVG")
    tables = {b.caption: b for b in doc.blocks if isinstance(b, Table)}
    meta = dict(tables["Metadane wskaźnika"].rows)
    assert meta["Kod"] == "PM10_AVG"
    assert meta["Jednostka miary"] == "µg/m3"
    assert meta["Źródło"] == "GIOŚ"
    assert meta["Publikacja"] == "opublikowany"
    series = tables["Wartości przedstawione na wykresie"]
    assert [c.label for c in series.columns] == [
        "Okres",
        "Wartość (µg/m3)",
        "Przedział ufności",
        "Status wartości",
    ]
    assert series.rows[0][:2] == ("2019", Decimal("1234.5"))
    assert series.rows[-1][2] == "1\u00a0100,0 – 1\u00a0250,3"
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    assert len(charts) == 1 and "Kraków" in charts[0].alt
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[:3] == ["Metadane", "Wartości – Kraków", "Ocena"]
    assert any(h.startswith("1.1 Mniej pyłów") for h in headings)
    explanation = next(b for b in doc.blocks if isinstance(b, Bullets))
    assert "Rok bazowy to 2019" in explanation.items[0]


def test_english_sheet(dashboard):
    doc = build_document("indicator", language="en", user=AnonymousUser(), indicator="PM10_AVG")
    assert doc.subtitle == "Indicator sheet · PM10_AVG"
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[:3] == ["Metadata", "Values for Kraków", "Assessment"]


@pytest.mark.parametrize("who", ["public", "nobody", "env_coordinator"])
def test_an_indicator_the_user_may_not_see_is_refused_and_nothing_written(dashboard, tmp_path, who):
    user = {"public": AnonymousUser(), "nobody": None}.get(who, dashboard.env_coordinator)
    with pytest.raises(StradomError) as refused:
        generate_report("indicator", "pdf", user=user, out_dir=tmp_path, indicator="TRAM_SAT")
    assert localize(refused.value) == "Nie ma wskaźnika „TRAM_SAT”, który możesz zobaczyć."
    assert list(tmp_path.iterdir()) == []


def test_the_coordinator_of_the_domain_gets_the_draft(dashboard):
    doc = build_document("indicator", user=dashboard.transport_coordinator, indicator="TRAM_SAT")
    assert doc.title == "Zadowolenie z komunikacji tramwajowej"


def test_unknown_territory_is_refused(dashboard):
    with pytest.raises(StradomError, match="XX"):
        build_document("indicator", user=AnonymousUser(), indicator="PM10_AVG", territory="XX")


def test_a_chosen_territory_is_the_one_shown(dashboard):
    doc = build_document(
        "indicator", user=AnonymousUser(), indicator="PM10_AVG", territory="1465011"
    )
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "Wartości – Warszawa" in headings
    series = next(b for b in doc.blocks if isinstance(b, Table) and b.sheet == "Wartości")
    assert series.rows[0][1] == Decimal("1000")
    assert not re.search("Kraków", series.caption)


def test_a_survey_estimate_shows_its_interval_and_unweighted_base(dashboard):
    write_observations(
        [
            ObservationInput(
                "TRAM_SAT",
                "1261011",
                "2021",
                Decimal("45.0"),
                ci_low=Decimal("41.2"),
                ci_high=Decimal("48.9"),
                base_n=1405,
                provenance={"survey": "jz", "min_base": 30, "suppressed": False},
            )
        ],
        actor=None,
        reason="survey",
        channel="command",
    )
    doc = build_document("indicator", user=dashboard.transport_coordinator, indicator="TRAM_SAT")
    series = next(b for b in doc.blocks if isinstance(b, Table) and b.sheet == "Wartości")
    assert [c.label for c in series.columns] == [
        "Okres",
        "Wartość (%)",
        "Przedział ufności",
        "Respondenci (liczebność bez wag)",
        "Status wartości",
    ]
    assert series.rows[-1][:4] == ("2021", Decimal("45.0"), "41,2 – 48,9", 1405)
    assert format_cell(1405, series.columns[3], "pl") == "1\u00a0405"
