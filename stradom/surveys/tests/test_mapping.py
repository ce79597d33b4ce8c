"""A column mapping with unknown keys or roles is refused with the names listed in words."""

from __future__ import annotations

import pytest

from stradom.core.i18n import localize
from stradom.ingest.readers import ReadError
from stradom.surveys.microdata import column_mapping_from_dict


@pytest.mark.parametrize(
    ("mapping", "polish"),
    [
        ({"colums": {}, "extra": 1}, "nieznane klucze w mapowaniu: colums, extra"),
        (
            {"columns": {"wieght": "W", "distrct": "D"}},
            "nieznane role kolumn: distrct, wieght; dostępne role: ",
        ),
    ],
)
def test_unknown_keys_and_roles_are_listed_by_name(mapping, polish):
    with pytest.raises(ReadError) as refused:
        column_mapping_from_dict(mapping, origin="m.yaml")
    assert localize(refused.value).startswith(polish)
    assert "[" not in localize(refused.value)  # names, not a Python list
    assert refused.value.file == "m.yaml"
