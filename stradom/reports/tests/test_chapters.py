"""The office's choice of chapters and profile for the report on the state of the
municipality: read strictly, at start-up and when a report is made."""

import pytest

from stradom.core.tests.test_settings import run_settings
from stradom.env import ConfigurationError
from stradom.reports.chapters import CHAPTERS, DEFAULT_PROFILE, profile_indicators, report_chapters


def test_no_choice_means_every_chapter_in_the_order_of_art_28aa():
    assert report_chapters(None) == report_chapters("") == report_chapters(" ") == CHAPTERS
    assert CHAPTERS == ("profile", "finance", "strategy", "resolutions", "civic_budget", "other")


def test_the_chapters_are_read_in_the_order_given():
    assert report_chapters(" strategy, finance ") == ("strategy", "finance")
    assert report_chapters(["other", "profile"]) == ("other", "profile")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("finance,budget", "item 2 'budget' is not a chapter; the chapters are profile, "
         "finance, strategy, resolutions, civic_budget, other"),
        ("profile,,finance", "item 2 is empty"),
        ("profile,finance,profile", "item 3 'profile' is given twice"),
        (["finance", 3], "item 2 must be text, not 3"),
    ],
)  # fmt: skip
def test_a_wrong_chapter_is_refused_naming_the_setting_and_the_item(value, message):
    with pytest.raises(ConfigurationError) as error:
        report_chapters(value)
    assert str(error.value) == f"STRADOM_MUNICIPALITY_REPORT_CHAPTERS: {message}"


def test_the_profile_is_a_list_of_codes_the_population_first():
    assert profile_indicators(None) == DEFAULT_PROFILE and DEFAULT_PROFILE[0] == "BDL_POP"
    assert profile_indicators("POP, BIRTHS") == ("POP", "BIRTHS")
    with pytest.raises(ConfigurationError) as error:
        profile_indicators("POP,BIRTHS,POP")
    assert str(error.value) == "STRADOM_MUNICIPALITY_PROFILE: item 3 'POP' is given twice"
    with pytest.raises(ConfigurationError) as error:
        profile_indicators(["POP", "TWO WORDS"])
    assert str(error.value) == (
        "STRADOM_MUNICIPALITY_PROFILE: item 2 'TWO WORDS' is not an indicator code "
        "(at most 64 characters, no spaces or commas)"
    )


def test_a_wrong_setting_stops_start_up_with_the_reason():
    code, err = run_settings(
        {"STRADOM_SECRET_KEY": "x", "STRADOM_MUNICIPALITY_REPORT_CHAPTERS": "profile,budżet"}
    )
    assert code != 0
    assert "STRADOM_MUNICIPALITY_REPORT_CHAPTERS: item 2 'budżet' is not a chapter" in err
    code, err = run_settings({"STRADOM_SECRET_KEY": "x", "STRADOM_MUNICIPALITY_PROFILE": "A,,B"})
    assert code != 0 and "STRADOM_MUNICIPALITY_PROFILE: item 2 is empty" in err
    assert run_settings(
        {"STRADOM_SECRET_KEY": "x", "STRADOM_MUNICIPALITY_REPORT_CHAPTERS": "finance,other"}
    ) == (0, "")
