"""A vocabulary word given as a message parameter is translated with the message."""

from django.utils import translation

from stradom.core.i18n import localize
from stradom.core.messages import Message, Term, gettext_noop


def test_term_is_english_in_str_and_translated_by_localize():
    message = Message(
        gettext_noop("%(code)s is a %(kind)s; only projects form a network."),
        {"code": "PG", "kind": Term("programme")},
    )
    assert str(message) == "PG is a programme; only projects form a network."
    with translation.override("pl"):
        assert localize(message) == (
            "PG to instrument rodzaju „program”; sieć mogą tworzyć tylko projekty."
        )
    with translation.override("en"):
        assert localize(message) == "PG is a programme; only projects form a network."
