"""Template tags that stand in for slower built-ins give the same text."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from stradom.portal.pages import status_of_rank
from stradom.portal.templatetags.stradom import code_url, status_badge


@pytest.mark.parametrize("code", ["PM10_AVG", "B0500", "A.1-b", "Ż ółw", "x+y=z", "a'b"])
@pytest.mark.parametrize("language", ["pl", "en"])
def test_code_url_is_what_reverse_gives(code, language):
    with translation.override(language):
        assert code_url("portal:indicator", code) == reverse("portal:indicator", args=[code])
        assert code_url("workspace:indicator", code) == reverse("workspace:indicator", args=[code])


def test_status_badge_has_symbol_and_words_and_escapes_the_label():
    status = status_of_rank(4)
    with translation.override("en"):
        assert status_badge(status) == (
            '<span class="status status-4"><span aria-hidden="true">▲</span> On track</span>'
        )
        assert status_badge(status, "<b>mine</b>") == (
            '<span class="status status-4"><span aria-hidden="true">▲</span> '
            "&lt;b&gt;mine&lt;/b&gt;</span>"
        )
