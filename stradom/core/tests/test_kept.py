"""``core.kept``: parts kept by key, at most a given number, never inside a transaction."""

from __future__ import annotations

import pytest
from django.utils import translation

from stradom.core import data_version
from stradom.core.kept import Kept, version_key


def test_a_part_is_made_once_per_key_and_the_oldest_goes_when_full():
    kept: Kept[list] = Kept(2)
    made = []

    def make(name):
        made.append(name)
        return [name]

    a = kept.get("a", lambda: make("a"))
    assert kept.get("a", lambda: make("again")) is a
    kept.get("b", lambda: make("b"))
    kept.get("c", lambda: make("c"))  # full: "a" goes
    assert kept.get("a", lambda: make("a")) is not a
    assert made == ["a", "b", "c", "a"]
    assert kept.get(None, lambda: make("none")) == ["none"]  # no key: made, not kept
    assert kept.get(None, lambda: make("none")) == ["none"] and made.count("none") == 2


@pytest.mark.django_db(transaction=True)
def test_the_key_moves_with_the_data_version_and_the_language():
    with translation.override("pl"):
        polish = version_key("x", 1)
    with translation.override("en"):
        english = version_key("x", 1)
    assert polish != english and polish[2:] == english[2:] == ("x", 1)
    data_version.changed()  # outside a transaction: raised at once
    with translation.override("pl"):
        assert version_key("x", 1) != polish


@pytest.mark.django_db
def test_no_key_inside_a_transaction():
    assert version_key("x") is None  # a test runs in one; its changes count only at commit


def test_a_value_is_kept_with_the_objects_it_was_made_from_while_they_are_the_same():
    from stradom.core.kept import KeptWith

    kept: KeptWith[str] = KeptWith(8)
    view, other = ["a", "view"], ["a", "view"]  # equal, not the same object
    made = []

    def make(text):
        made.append(text)
        return text

    first = kept.get((view,), "pl", lambda: make("pl"))
    assert kept.get((view,), "pl", lambda: make("again")) is first
    assert kept.get((view,), "en", lambda: make("en")) == "en"  # another language
    assert kept.get((other,), "pl", lambda: make("other")) == "other"  # another object
    assert made == ["pl", "en", "other"]


@pytest.mark.django_db(transaction=True)
def test_the_version_is_read_once_per_request_and_again_after_this_process_raises_it(
    django_assert_num_queries,
):
    from django.core.signals import request_finished, request_started

    data_version.changed()
    request_started.send(sender=None)
    try:
        first = data_version.in_this_request()
        with django_assert_num_queries(0):
            assert data_version.in_this_request() == first
        data_version.changed()  # a write of this request: raised, and read anew
        assert data_version.in_this_request() == first + 1
    finally:
        request_finished.send(sender=None)
    with django_assert_num_queries(1):  # out of a request: asked every time
        assert data_version.in_this_request() == first + 1
