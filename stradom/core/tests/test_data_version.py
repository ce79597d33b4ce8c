"""The data version rises once per committed change, and not for a rolled-back one."""

from __future__ import annotations

import pytest
from django.db import transaction

from stradom.core import data_version


@pytest.mark.django_db
def test_version_rises_once_per_transaction_however_many_changes(
    django_capture_on_commit_callbacks,
):
    before = data_version.current()[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for _ in range(5):
            data_version.changed()
    assert len(callbacks) == 1
    number, changed_at = data_version.current()
    assert number == before + 1
    assert changed_at is not None


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_the_version(django_capture_on_commit_callbacks):
    before = data_version.current()[0]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        data_version.changed()
        raise RuntimeError("refused")
    assert callbacks == []
    assert data_version.current()[0] == before
    # The next change after the rollback still counts.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        data_version.changed()
    assert data_version.current()[0] == before + 1


@pytest.mark.django_db
def test_saving_a_published_model_raises_the_version(world, django_capture_on_commit_callbacks):
    before = data_version.current()[0]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():  # as the admin
        world.city.name = "Kraków (miasto)"
        world.city.save()
    assert data_version.current()[0] == before + 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_version_rises_at_once():
    assert data_version.current() == (0, None)
    data_version.changed()
    data_version.changed()
    assert data_version.current()[0] == 2
