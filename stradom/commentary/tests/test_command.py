"""``stradom comments``: the same write path as the workspace, from the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from stradom.commentary.models import Comment, CommentChange


def run(*args) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("comments", *args, stdout=out)
    return out.getvalue()


def test_add_reply_list_edit_and_delete(office):
    said = run("add", "indicator", "PM10_AVG", "--period", "2025q3", "--text", "Spadek.",
               "--actions", "Kontrole.", "--public", "--user", "anna")  # fmt: skip
    comment = Comment.objects.get()
    assert said == f"Comment #{comment.pk} for 2025-Q3 saved.\n"
    assert (comment.author, comment.public, comment.actions) == (
        office.env_coordinator,
        True,
        "Kontrole.",
    )
    assert set(CommentChange.objects.values_list("channel", flat=True)) == {"command"}
    run("reply", str(comment.pk), "--text", "Skąd dane?", "--user", "daniel")
    listing = run("list", "indicator", "PM10_AVG")
    lines = listing.splitlines()
    assert lines[0].startswith(f"#{comment.pk} 2025-Q3 · anna · ") and lines[0].endswith(
        " · published"
    )
    assert lines[1:3] == ["  What happened: Spadek.", "  What is being done: Kontrole."]
    assert lines[3].startswith("    #") and lines[3].endswith(": Skąd dane?")
    run("edit", str(comment.pk), "--private", "--reason", "jeszcze nie", "--user", "anna")
    comment.refresh_from_db()
    assert comment.public is False
    assert run("delete", str(comment.pk), "--reason", "dublet") == (
        f"Comment #{comment.pk} deleted, with 1 reply.\n"
    )
    assert not Comment.objects.exists()


def test_a_refusal_is_said_and_nothing_is_written(office):
    with pytest.raises(CommandError) as refused:
        run("add", "indicator", "PM10_AVG", "--period", "2025", "--text", "x", "--user", "bartek")
    assert str(refused.value) == (
        "Only a coordinator of the domain of PM10_AVG or an administrator may comment on it."
    )
    with pytest.raises(CommandError) as wrong:
        run("add", "goal", "999999", "--period", "2025", "--text", "x")
    assert str(wrong.value) == "There is no record 999999 of the kind “goal”."
    assert not Comment.objects.exists() and not CommentChange.objects.exists()
