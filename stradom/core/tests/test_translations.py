"""The translation catalogues stay complete, correct and compiled.

Polish is the default interface language and English the source language, so:

* every message in the Polish catalogue is translated and none is fuzzy;
* every ``%(name)s`` placeholder of a message appears in its translation, and the
  translation formats without error;
* the committed ``.mo`` files say exactly what the ``.po`` files say (CI machines
  have no gettext, so nobody can compile them there);
* every string the code marks for translation is in the catalogues (run
  ``make messages`` after adding one);
* Django really serves the Polish text.

None of this needs a database.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.utils import translation

import stradom

PACKAGE = Path(stradom.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LANGUAGES = ("pl", "en")
POLISH_PLURALS = (
    "nplurals=3; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4) && (n%100<12 || n%100>14) ? 1 : 2);"
)

# A printf-style conversion: %(name)s, %d, %.2f, %% …
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?P<type>[diouxXeEfFgGcrsa%])"
)


def po(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def mo(language: str) -> polib.MOFile:
    return polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))


def live(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete]


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text) if m.group("type") != "%"}


def is_python_format(entry: polib.POEntry) -> bool:
    return "python-format" in entry.flags or bool(
        placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
    )


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


class _AnyValue(dict):
    """Format arguments that answer every name with a number (works for %s, %r and %d)."""

    def __missing__(self, key: str) -> int:
        return 1


# (a) complete ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header(language):
    catalogue = po(language)
    assert not catalogue.metadata_is_fuzzy, "remove the 'fuzzy' flag from the header"
    assert catalogue.metadata["Language"] == language
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    if language == "pl":
        assert catalogue.metadata["Plural-Forms"] == POLISH_PLURALS


def test_every_polish_message_is_translated_and_none_is_fuzzy():
    catalogue = po("pl")
    entries = live(catalogue)
    assert len(entries) > 100
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy translations to review: {fuzzy}"
    untranslated = [e.msgid for e in entries if not all(t.strip() for t in translations(e))]
    assert not untranslated, f"untranslated messages: {untranslated}"
    wrong_forms = [e.msgid for e in entries if e.msgid_plural and len(e.msgstr_plural) != 3]
    assert not wrong_forms, f"Polish plurals need exactly 3 forms: {wrong_forms}"


def test_english_catalogue_has_the_same_messages():
    """English is the source; its catalogue exists so that it is a complete, selectable language."""
    english = {(e.msgctxt, e.msgid) for e in live(po("en"))}
    polish = {(e.msgctxt, e.msgid) for e in live(po("pl"))}
    assert english == polish, "run `make messages`"


# (b) placeholders ------------------------------------------------------------------------


def test_translations_keep_every_placeholder():
    problems = []
    for entry in live(po("pl")):
        if not is_python_format(entry):
            continue
        singular, plural = placeholders(entry.msgid), placeholders(entry.msgid_plural or "")
        for i, text in enumerate(translations(entry)):
            found = placeholders(text)
            expected_any = (singular,) if not entry.msgid_plural else (singular, plural)
            if found not in expected_any:
                problems.append(f"{entry.msgid!r} [{i}]: {sorted(found)} ≠ {sorted(singular)}")
            try:
                text % _AnyValue()
            except (ValueError, TypeError, KeyError) as exc:
                problems.append(f"{entry.msgid!r} [{i}] does not format: {exc}")
    assert not problems, "\n".join(problems)


def test_plural_messages_name_no_placeholder_their_singular_lacks():
    """A plural msgid with a placeholder of its own is a merge gone wrong (once, old Polish
    text with ``%(days)s`` glued onto a new plural msgid); ``msgfmt --check`` refuses it."""
    broken = [
        f"{entry.msgid!r}: {sorted(placeholders(entry.msgid_plural) - placeholders(entry.msgid))}"
        for language in ("pl", "en")
        for entry in live(po(language))
        if entry.msgid_plural and placeholders(entry.msgid_plural) - placeholders(entry.msgid)
    ]
    assert not broken, "\n".join(broken)


def test_placeholder_pattern():
    assert placeholders("%(count)d problems, 90%% done, %(name)r and %s") == {
        "%(count)d",
        "%(name)r",
        "%s",
    }


# (c) compiled --------------------------------------------------------------------------


def _contents(entries) -> dict[tuple[str | None, str], str | tuple[str, ...]]:
    contents = {}
    for entry in entries:
        if entry.msgid == "":
            continue  # the header
        value = tuple(translations(entry)) if entry.msgid_plural else entry.msgstr
        contents[(entry.msgctxt, entry.msgid)] = value
    return contents


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(language):
    source, compiled = po(language), mo(language)
    expected = _contents(e for e in source.translated_entries() if not e.obsolete)
    assert _contents(compiled) == expected, "run `make messages` and commit the .mo"
    for key in ("Language", "Plural-Forms", "Content-Type"):
        assert compiled.metadata.get(key) == source.metadata.get(key), key


# (d) Django serves the Polish text ---------------------------------------------------


def test_django_speaks_polish():
    from stradom.core.i18n import localize
    from stradom.core.messages import Message
    from stradom.demo.management.commands.demo import Command as Demo
    from stradom.territory.models import Territory

    with translation.override("pl"):
        assert translation.gettext("territorial units") == "jednostki terytorialne"
        assert (
            translation.gettext("Usage: stradom <command> [options]")
            == "Użycie: stradom <polecenie> [opcje]"
        )
        assert str(Demo.help).startswith("Załaduj demo")
        assert str(Territory._meta.verbose_name_plural) == "jednostki terytorialne"
        assert localize(Message("unknown indicator %(code)r", {"code": "X"})) == (
            "nieznany wskaźnik 'X'"
        )
    with translation.override("en"):
        assert translation.gettext("territorial units") == "territorial units"
        assert str(Territory._meta.verbose_name_plural) == "territorial units"


def test_polish_plural_forms():
    form = gettext.c2py(POLISH_PLURALS.split("plural=")[1].rstrip(";"))
    assert [form(n) for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 102, 112, 122)] == [
        0, 1, 1, 2, 2, 2, 2, 2, 1, 2, 1, 2, 1,
    ]  # fmt: skip
    plurals = [e for e in live(po("pl")) if e.msgid_plural]
    with translation.override("pl"):
        for entry in plurals:
            for n in (1, 3, 5, 22):
                got = translation.ngettext(entry.msgid, entry.msgid_plural, n)
                assert got == entry.msgstr_plural[form(n)], (entry.msgid, n)


# (e) nothing marked in the code is missing from the catalogue ---------------------------

# What makemessages passes to xgettext for Python, with the argument positions of
# the message (and its context, "c").
KEYWORDS: dict[str, tuple[int | str, ...]] = {
    "_": (1,),
    "gettext": (1,),
    "gettext_lazy": (1,),
    "gettext_noop": (1,),
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ("1c", 2),
    "pgettext_lazy": ("1c", 2),
    "npgettext": ("1c", 2, 3),
    "npgettext_lazy": ("1c", 2, 3),
}


def _source_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "locale" in parts or any(p.startswith(".") for p in parts):
            continue
        yield path


def _marked(path: Path) -> Iterator[tuple[int, str | None, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in KEYWORDS:
            continue
        spec = KEYWORDS[name]
        context = None
        if isinstance(spec[0], str):
            arg = node.args[0] if node.args else None
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                continue
            context, spec = arg.value, spec[1:]
        position = spec[0] - 1
        if len(node.args) > position:
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield node.lineno, context, arg.value


def test_every_marked_string_is_in_the_catalogue():
    known = {(e.msgctxt, e.msgid) for e in live(po("pl"))}
    missing = [
        f"{path.relative_to(PACKAGE)}:{line}: {msgid!r}"
        for path in _source_files()
        for line, context, msgid in _marked(path)
        if (context, msgid) not in known
    ]
    assert not missing, "run `make messages` and translate:\n" + "\n".join(missing)


# (f) makemessages sees every marked string ---------------------------------------------

_TRANSLATION = {"django.utils.translation", "stradom.core.messages"}


def test_makemessages_can_find_every_marked_string():
    """xgettext knows the marking functions by name and does not look inside f-strings:
    a message marked under another name (``gettext_noop as label``) or inside an
    f-string is missing from the next ``make messages`` and loses its translation."""
    problems = []
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(PACKAGE)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in _TRANSLATION:
                problems += [
                    f"{where}:{node.lineno}: {a.name} imported as {a.asname}"
                    for a in node.names
                    if a.name in KEYWORDS and a.asname not in (None, "_")
                ]
            if isinstance(node, ast.JoinedStr):
                problems += [
                    f"{where}:{inner.lineno}: {inner.func.id}() inside an f-string"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in KEYWORDS
                    and inner.args
                    and isinstance(inner.args[0], ast.Constant)
                ]
    assert not problems, "\n".join(problems)
