"""The commentary's write path: who may write what, the period's rules, the history with
its reasons; after a refusal nothing changed."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from stradom.commentary import queries
from stradom.commentary.models import Comment, CommentChange
from stradom.commentary.services import (
    Refused,
    create_comment,
    delete_comment,
    edit_comment,
    reply,
)
from stradom.core import data_version
from stradom.core.i18n import localize
from stradom.core.messages import StradomError

TODAY = date(2026, 6, 15)


def _history(comment_id: int) -> list[tuple[str, str, str, str]]:
    """(field, old, new, reason) of a comment's history, oldest first."""
    rows = CommentChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment), object_id=comment_id
    ).order_by("at", "id")
    return [(r.field, r.old, r.new, r.reason) for r in rows]


def _nothing_written():
    assert Comment.objects.count() == 0
    assert CommentChange.objects.count() == 0


def test_a_coordinator_comments_on_an_indicator_of_the_domain(office):
    c = create_comment(
        office.pm10,
        actor=office.env_coordinator,
        period="2025q3",
        text="Stężenia spadły po zimie.",
        actions="Kontrole pieców w Nowej Hucie.",
        channel="workspace",
        today=TODAY,
    )
    c.refresh_from_db()
    assert (c.indicator_id, c.goal_id, c.instrument_id) == (office.pm10.pk, None, None)
    assert (c.period, c.public, c.author_id) == ("2025-Q3", False, office.env_coordinator.pk)
    assert sorted(_history(c.pk)) == [
        ("actions", "", "Kontrole pieców w Nowej Hucie.", ""),
        ("indicator", "", "PM10_AVG", ""),
        ("period", "", "2025-Q3", ""),
        ("public", "", "0", ""),
        ("text", "", "Stężenia spadły po zimie.", ""),
    ]
    row = CommentChange.objects.filter(object_id=c.pk).first()
    assert (row.actor, row.channel) == (office.env_coordinator, "workspace")


@pytest.mark.parametrize(
    ("who", "record"),
    [
        ("transport_coordinator", "pm10"),  # another domain's indicator
        ("provider", "pm10"),  # assigned its values, not its commentary
        ("analyst", "pm10"),
        ("env_coordinator", "tram_project"),
        ("env_coordinator", "lonely"),  # a goal with no indicator of the domain
    ],
)
def test_others_may_not_comment_and_nothing_is_written(
    office, who, record, django_capture_on_commit_callbacks
):
    before = data_version.current()[0]
    with pytest.raises(Refused) as refused, django_capture_on_commit_callbacks(execute=True):
        create_comment(
            getattr(office, record),
            actor=getattr(office, who),
            period="2025",
            text="Nie moje.",
            today=TODAY,
        )
    with translation.override("en"):
        assert localize(refused.value) == (
            f"Only a coordinator of the domain of {getattr(office, record).code} or an "
            "administrator may comment on it."
        )
    _nothing_written()
    assert data_version.current()[0] == before


def test_a_goal_is_commented_on_by_the_coordinators_of_its_indicators_domains(office):
    # goal 1 holds 1.1, which is measured by PM10_AVG (environment) and TRAM_SAT (transport)
    for who in (office.env_coordinator, office.transport_coordinator, office.admin, None):
        create_comment(office.root, actor=who, period="2025", text="Postęp.", today=TODAY)
    create_comment(office.env_project, actor=office.env_coordinator, period="2025", text="Umowy.")
    create_comment(office.lonely, actor=office.admin, period="2025-H1", text="Bez wskaźników.")
    assert Comment.objects.filter(goal=office.root).count() == 4
    assert Comment.objects.filter(instrument=office.env_project).count() == 1
    assert Comment.objects.filter(goal=office.lonely).get().author == office.admin


def test_a_coordinator_who_lost_the_domain_may_no_longer_comment(office):
    user = office.env_coordinator
    c = create_comment(office.pm10, actor=user, period="2025", text="Jeszcze moja.", today=TODAY)
    office.environment.coordinators.remove(user)  # the same user object: roles kept on it
    with pytest.raises(Refused):
        create_comment(office.pm10, actor=user, period="2024", text="Już nie.", today=TODAY)
    with pytest.raises(Refused):
        edit_comment(c, actor=user, reason="poprawka", text="Zmienione.")
    c.refresh_from_db()
    assert c.text == "Jeszcze moja."
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (
            "",
            "Say which period the comment is about: a year (2025), half-year (2025-H1), "
            "quarter (2025-Q3) or month (2025-07).",
        ),
        ("2025-13", "'2025-13' is not a period (month 13 in '2025-13' is not 1–12)."),
        (
            "2025-07-15",
            "A comment is about a month, quarter, half-year or year, not a single day "
            "(2025-07-15): write e.g. 2025-07.",
        ),
        ("2027", "The period 2027 has not started yet: comment on what has happened."),
    ],
)
def test_a_period_that_is_not_one_is_refused_with_what_is_wrong(office, period, message):
    with pytest.raises(StradomError) as refused:
        create_comment(
            office.pm10, actor=office.env_coordinator, period=period, text="x", today=TODAY
        )
    with translation.override("en"):
        assert localize(refused.value) == message
    _nothing_written()


def test_periods_of_every_kind_are_kept_in_their_canonical_form(office):
    written = [
        create_comment(
            office.pm10, actor=office.env_coordinator, period=p, text=p, today=TODAY
        ).period
        for p in ("2025", "2025h2", "2026-Q2", "2026-3", " 2024 ")
    ]
    assert written == ["2025", "2025-H2", "2026-Q2", "2026-03", "2024"]


def test_an_empty_comment_is_refused(office):
    with pytest.raises(StradomError) as refused:
        create_comment(office.pm10, actor=office.env_coordinator, period="2025", text="  ")
    with translation.override("en"):
        assert localize(refused.value) == "Say what happened: the comment is empty."
    _nothing_written()


def test_replies_from_anyone_of_the_office_who_sees_the_record(office):
    c = create_comment(office.pm10, actor=office.env_coordinator, period="2025", text="Spadek.")
    answers = [
        reply(c, actor=who, text=f"Od {who.username}.")
        for who in (office.analyst, office.provider, office.transport_coordinator, office.admin)
    ]
    assert [a.parent_id for a in answers] == [c.pk] * 4
    assert {(a.period, a.public, a.indicator_id) for a in answers} == {
        ("2025", False, office.pm10.pk)
    }
    # A reply to a reply answers the comment: one level of replies.
    deeper = reply(answers[0], actor=office.env_coordinator, text="Dziękuję.")
    assert deeper.parent_id == c.pk


def test_a_reply_on_a_record_the_user_may_not_see_is_refused(office):
    # TRAM_SAT is a draft of the transport domain: the environment coordinator does not see it
    c = create_comment(office.trams, actor=office.transport_coordinator, period="2025", text="x")
    with pytest.raises(Refused):
        reply(c, actor=office.env_coordinator, text="Widzę?")
    assert Comment.objects.count() == 1
    assert len(_history(c.pk)) == 4  # indicator, period, text, public: the comment's own


def test_an_edit_needs_a_reason_and_keeps_old_and_new(office):
    c = create_comment(
        office.pm10, actor=office.env_coordinator, period="2025", text="Spadek.", today=TODAY
    )
    with pytest.raises(StradomError) as refused:
        edit_comment(c, actor=office.env_coordinator, reason=" ", text="Duży spadek.")
    with translation.override("en"):
        assert "Say why the comment changes (a reason)" in localize(refused.value)
    c.refresh_from_db()
    assert c.text == "Spadek."
    edit_comment(
        c,
        actor=office.env_coordinator,
        reason="dopisane dane z IV kwartału",
        text="Duży spadek.",
        public=True,
        today=TODAY,
    )
    c.refresh_from_db()
    assert (c.text, c.public) == ("Duży spadek.", True)
    changes = [h for h in _history(c.pk) if h[3]]
    assert sorted(changes) == [
        ("public", "0", "1", "dopisane dane z IV kwartału"),
        ("text", "Spadek.", "Duży spadek.", "dopisane dane z IV kwartału"),
    ]


def test_nobody_edits_someone_elses_words_not_even_an_administrator(office):
    c = create_comment(office.pm10, actor=office.env_coordinator, period="2025", text="Moje.")
    for who in (office.admin, office.transport_coordinator, office.analyst):
        with pytest.raises(Refused):
            edit_comment(c, actor=who, reason="poprawiam", text="Cudze.")
    c.refresh_from_db()
    assert c.text == "Moje."
    assert all(reason == "" for *_rest, reason in _history(c.pk))


def test_a_reply_changes_only_its_text_and_is_never_public(office):
    c = create_comment(office.pm10, actor=office.env_coordinator, period="2025", text="Spadek.")
    r = reply(c, actor=office.analyst, text="Źródło?")
    with pytest.raises(StradomError):
        edit_comment(r, actor=office.analyst, reason="publikuję", public=True)
    edit_comment(r, actor=office.analyst, reason="literówka", text="Jakie źródło?")
    r.refresh_from_db()
    assert (r.text, r.public) == ("Jakie źródło?", False)


def test_deleting_needs_a_reason_and_keeps_the_last_words_of_the_comment_and_replies(office):
    c = create_comment(office.pm10, actor=office.env_coordinator, period="2025", text="Spadek.")
    r = reply(c, actor=office.analyst, text="Źródło?")
    with pytest.raises(StradomError):
        delete_comment(c, actor=office.env_coordinator, reason="")
    with pytest.raises(Refused):  # the analyst wrote the reply, not the comment
        delete_comment(c, actor=office.analyst, reason="nie")
    assert Comment.objects.count() == 2
    comment_id, reply_id = c.pk, r.pk
    assert delete_comment(c, actor=office.env_coordinator, reason="dublet") == 2
    assert Comment.objects.count() == 0
    gone = [h for h in _history(comment_id) if h[3] == "dublet"]
    assert sorted(gone) == [
        ("indicator", "PM10_AVG", "", "dublet"),
        ("period", "2025", "", "dublet"),
        ("public", "0", "", "dublet"),
        ("text", "Spadek.", "", "dublet"),
    ]
    assert ("text", "Źródło?", "", "dublet") in _history(reply_id)


def test_an_administrator_may_delete_any_comment(office):
    c = create_comment(office.pm10, actor=office.env_coordinator, period="2025", text="x")
    delete_comment(c, actor=office.admin, reason="wpis testowy")
    assert not Comment.objects.exists()


def test_every_write_raises_the_data_version(office, django_capture_on_commit_callbacks):
    seen = [data_version.current()[0]]
    u = office.env_coordinator
    with django_capture_on_commit_callbacks(execute=True):
        c = create_comment(office.pm10, actor=u, period="2025", text="x")
    seen.append(data_version.current()[0])
    with django_capture_on_commit_callbacks(execute=True):
        r = reply(c, actor=office.analyst, text="y")
    seen.append(data_version.current()[0])
    with django_capture_on_commit_callbacks(execute=True):
        edit_comment(c, actor=u, reason="publikuję", public=True)
    seen.append(data_version.current()[0])
    with django_capture_on_commit_callbacks(execute=True):
        delete_comment(r, actor=office.analyst, reason="zbędna")
    seen.append(data_version.current()[0])
    assert seen == sorted(set(seen))  # each write raised it


def test_published_commentary_is_top_level_public_comments_newest_period_first(office):
    u = office.env_coordinator
    kept = [
        create_comment(office.pm10, actor=u, period=p, text=p, public=True, today=TODAY)
        for p in ("2024", "2025-H1", "2025-Q3", "2025")
    ]
    create_comment(office.pm10, actor=u, period="2025", text="prywatny", today=TODAY)
    reply(kept[0], actor=office.analyst, text="odpowiedź")
    shown = queries.published(indicators=[office.pm10])
    assert [c.text for c in shown] == ["2025", "2025-Q3", "2025-H1", "2024"]
    assert [c.text for c in queries.published(indicators=[office.pm10], year=2024)] == ["2024"]
    assert queries.published(goals=[office.root]) == ()
