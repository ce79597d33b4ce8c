"""Goal headings read as Kraków's strategy names its nodes ("Obszar I – …")."""

import pytest

from stradom.reports.labels import goal_label, goal_title


@pytest.mark.parametrize(
    ("code", "level", "heading"),
    [
        # Kraków's areas are loaded with codes that repeat the level's name.
        ("OBSZAR-I", "obszar", "Obszar I. Metropolia"),
        ("obszar_VI", "obszar", "Obszar VI. Metropolia"),
        ("Obszar IV", "Obszar", "Obszar IV. Metropolia"),
        ("CEL STRATEGICZNY 2", "cel strategiczny", "Cel strategiczny 2. Metropolia"),
        # A plain number gets the level's name in front of it.
        ("II", "cel strategiczny", "Cel strategiczny II. Metropolia"),
        ("IV.3", "cel operacyjny", "Cel operacyjny IV.3. Metropolia"),
        ("VI.KA6", "działanie kluczowe", "Działanie kluczowe VI.KA6. Metropolia"),
        ("3.", "cel", "Cel 3. Metropolia"),
        # The Polish code in an English report: the code as it is, no "Area OBSZAR-I".
        ("OBSZAR-I", "area", "OBSZAR-I. Metropolia"),
        # A level that lists alternatives does not say which one this goal is.
        ("I.1", "cel operacyjny / działanie kluczowe", "I.1. Metropolia"),
        # No level name: the code alone.
        ("I.1", "", "I.1. Metropolia"),
        # A longer word than the level's name is not the level's name.
        ("OBSZARY-1", "obszar", "OBSZARY-1. Metropolia"),
    ],
)
def test_a_goal_heading_says_its_level_once(code, level, heading):
    assert goal_title(code, "Metropolia", level) == heading


def test_a_code_that_is_only_the_level_name_is_the_level_name():
    assert goal_label("OBSZAR", "obszar") == "Obszar"
    assert goal_title("", "Metropolia", "") == "Metropolia"
