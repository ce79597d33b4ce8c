"""generate_report: bad requests are refused with clear words and nothing is written;
a build or render that fails leaves no file behind."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.reports import render
from stradom.reports.document import Document, Heading, Paragraph
from stradom.reports.kinds import KINDS, ReportKind, register
from stradom.reports.services import generate_report


def build_sample(*, user, language, progress, name="Łódź", fail=False):
    progress.start(1, "sample")
    if fail:
        raise RuntimeError("the builder broke")
    progress.advance(1)
    return Document(kind="sample", title=f"Próba {name}", language=language).add(
        Heading("Rozdział"), Paragraph("Zażółć gęślą jaźń")
    )


@pytest.fixture
def sample():
    register(
        ReportKind(
            code="sample",
            label="Sample",
            formats=("xlsx", "docx"),
            build=build_sample,
            params=("name", "fail"),
            file_stems=("proba", "sample"),
        )
    )
    yield
    KINDS.pop("sample")


def refused(tmp_path, kind="sample", fmt="xlsx", language="pl", **params) -> str:
    with pytest.raises(StradomError) as error:
        generate_report(
            kind, fmt, user=AnonymousUser(), language=language, out_dir=tmp_path, **params
        )
    assert list(tmp_path.iterdir()) == []
    with translation.override("pl"):
        return localize(error.value)


def test_known_kinds_are_registered():
    from stradom.reports.kinds import kinds

    assert kinds()["indicator"].formats == ("pdf",)


def test_bad_requests_say_what_is_wrong(sample, tmp_path):
    assert refused(tmp_path, kind="nope").startswith(
        "Nieznany rodzaj raportu „nope”; znane rodzaje:"
    )
    assert refused(tmp_path, fmt="pdf") == (
        "Raport sample nie powstaje w formacie „pdf”; wybierz: xlsx, docx."
    )
    assert refused(tmp_path, language="de") == (
        "Raporty powstają po polsku (pl) lub po angielsku (en), nie w języku „de”."
    )
    assert refused(tmp_path, year=2025) == (
        "Raport sample nie przyjmuje parametru year; przyjmuje: name, fail."
    )
    assert refused(tmp_path, name=["a"]).startswith("Parametr raportu name musi być tekstem")


def test_a_missing_required_param_is_named(tmp_path):
    assert refused(tmp_path, kind="indicator", fmt="pdf") == (
        "Raport indicator wymaga parametru indicator."
    )


def test_the_file_is_named_by_kind_language_and_params(sample, tmp_path):
    path = generate_report("sample", "xlsx", user=None, out_dir=tmp_path, name="a b/c")
    assert path.name == "proba-a-b-c.xlsx"
    english = generate_report("sample", "xlsx", user=None, language="en", out_dir=tmp_path)
    assert english.name == "sample.xlsx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proba-a-b-c.xlsx", "sample.xlsx"]


def test_a_failing_build_leaves_no_file(sample, tmp_path):
    with pytest.raises(RuntimeError, match="the builder broke"):
        generate_report("sample", "xlsx", user=None, out_dir=tmp_path, fail=1)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_render_leaves_no_half_file_nor_replaces_the_old_one(
    sample, tmp_path, monkeypatch
):
    good = generate_report("sample", "docx", user=None, out_dir=tmp_path)
    before = good.read_bytes()

    def broken(doc, out, *, progress=None):
        out.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setitem(render.RENDERERS, "docx", broken)
    with pytest.raises(OSError, match="disk full"):
        generate_report("sample", "docx", user=None, out_dir=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [good.name]
    assert good.read_bytes() == before


def test_progress_hears_the_build_and_the_writing(sample, tmp_path):
    calls = []

    class Recorder:
        def start(self, total, message=""):
            calls.append(("start", total, message))

        def advance(self, steps=1, message=""):
            calls.append(("advance", steps, message))

    generate_report("sample", "xlsx", user=None, out_dir=tmp_path, progress=Recorder())
    assert calls == [
        ("start", 1, "sample"),
        ("advance", 1, ""),
        ("start", 1, "Zapisywanie pliku XLSX"),
        ("advance", 1, ""),
    ]


def test_the_file_is_readable_like_any_other_the_process_writes(sample, tmp_path):
    import os

    umask = os.umask(0o022)
    os.umask(umask)
    path = generate_report("sample", "xlsx", user=None, out_dir=tmp_path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
