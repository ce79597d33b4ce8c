"""Report kinds registered by the tests, a renderer that writes plain text, and a
private MEDIA_ROOT (where report jobs write their files)."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy

from stradom.core.messages import StradomError
from stradom.reports.document import Document, Heading, Paragraph
from stradom.reports.kinds import KINDS, ReportKind, kinds, register


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _write_text(doc, out, *, progress=None):
    """A renderer that writes the document's text, in two halves."""
    text = "\n".join([doc.title, *(getattr(b, "text", "") for b in doc.blocks)])
    half = len(text) // 2
    out.write(text[:half].encode())
    if progress is not None:
        progress.start(2, "writing")
        progress.advance(1)
    if "BREAK-WHILE-WRITING" in text:
        raise RuntimeError("the renderer broke half way")
    out.write(text[half:].encode())
    if progress is not None:
        progress.advance(1)


def _build_steps(*, user, language, progress, steps="3", fail_at="0", note=""):
    """Builds ``steps`` sections, reporting each; raises at step ``fail_at`` (1-based)."""
    steps, fail_at = int(steps), int(fail_at)
    doc = Document(kind="steps", title=f"Steps {steps}", language=language)
    progress.start(steps, "building")
    for n in range(1, steps + 1):
        if n == fail_at:
            raise RuntimeError(f"builder failed at step {n}")
        if note == "stop" and n == 2:
            raise SystemExit(1)  # what the worker's second Ctrl+C raises inside a task
        if note == "refuse" and n == 2:
            raise StradomError("The %(kind)s report needs %(missing)s.", kind="steps", missing="x")
        doc.add(Heading(f"Section {n}"), Paragraph(note or f"text {n}"))
        progress.advance(1, f"section {n}")
    return doc


@pytest.fixture
def fake_renderer(monkeypatch):
    from stradom.reports import render

    monkeypatch.setitem(render.RENDERERS, "pdf", _write_text)
    return _write_text


@pytest.fixture
def steps_kind(fake_renderer):
    kinds()  # the real kinds first, so ours is added to the complete registry
    kind = ReportKind(
        code="steps",
        label=gettext_lazy("Indicator"),
        formats=("pdf",),
        build=_build_steps,
        params=("steps", "fail_at", "note"),
        file_stems=("kroki", "steps"),
    )
    register(kind)
    yield kind
    KINDS.pop("steps", None)


def _build_stand_in(*, user, language, progress, **params):
    return Document(kind="stand-in", title="Stand-in", language=language).add(
        Paragraph(", ".join(f"{k}={v}" for k, v in sorted(params.items())))
    )


@pytest.fixture
def report_kinds(fake_renderer):
    """The four kinds the workspace offers, each with a quick stand-in builder (the real
    builders are tested in stradom.reports), restored afterwards."""
    real = dict(kinds())
    for code, params, required in [
        ("monitoring", ("strategy", "year"), ("strategy",)),
        ("municipality", ("year",), ("year",)),
        ("indicator", ("indicator", "territory"), ("indicator",)),
        ("domain", ("domain", "year"), ("domain",)),
    ]:
        register(
            ReportKind(
                code=code,
                label=real[code].label if code in real else gettext_lazy("Indicator"),
                formats=("pdf",),
                build=_build_stand_in,
                params=params,
                required=required,
            )
        )
    yield KINDS
    KINDS.clear()
    KINDS.update(real)
