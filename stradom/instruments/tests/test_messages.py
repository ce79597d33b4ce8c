"""Refusals name an instrument's kind in the reader's language, not by its code."""

from __future__ import annotations

import pytest
from django.utils import translation

from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.instruments import services
from stradom.instruments.models import Instrument, ProjectNetwork
from stradom.instruments.tests.test_services import make


def test_nesting_refusal_names_kinds_in_polish_and_english(world):
    portfolio = make("PF", kind="portfolio")
    with pytest.raises(StradomError) as refused:
        make("PF2", kind="portfolio", parent=make("PJ", parent=make("PG", kind="programme")))
    assert localize(refused.value) == (
        "Instrument rodzaju „portfel projektów” nie może być częścią instrumentu rodzaju "
        "„projekt” (PJ)."
    )
    with translation.override("en"):
        assert localize(refused.value) == "A portfolio cannot be part of a project (PJ)."
    assert str(refused.value) == "A portfolio cannot be part of a project (PJ)."
    assert "PF2" not in Instrument.objects.values_list("code", flat=True)
    assert portfolio.kind == "portfolio"


def test_network_refusal_names_the_kind_in_polish(world):
    programme = make("PG", kind="programme")
    network = ProjectNetwork.objects.create(code="N1", name_pl="Sieć")
    with pytest.raises(StradomError) as refused:
        services.add_to_network(network, programme, actor=None, reason="sieć projektów")
    assert localize(refused.value) == (
        "PG to instrument rodzaju „program”; sieć mogą tworzyć tylko projekty."
    )
    assert network.projects.count() == 0
