"""Microdata in the admin: administrators and analysts read them; nobody else, and no export."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from stradom.surveys.models import Respondent
from stradom.surveys.services import import_microdata
from stradom.surveys.tests import factories as f


@pytest.fixture
def respondent(world, tmp_path):
    wave = f.wave(f.questionnaire(world))
    import_microdata(wave, f.write_csv(tmp_path / "a.csv", f.microdata(n=3)), actor=None)
    return Respondent.objects.get(row_id="R0001")


def test_a_coordinator_with_every_model_permission_is_refused_the_microdata(
    world, client, respondent
):
    coordinator = world.transport_coordinator
    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.add(*Permission.objects.filter(content_type__app_label="surveys"))
    client.force_login(coordinator)
    changelist = reverse("admin:surveys_respondent_changelist")
    change = reverse("admin:surveys_respondent_change", args=[respondent.pk])
    assert client.get(changelist).status_code == 403
    assert client.get(change).status_code == 403
    assert "R0001" not in client.get("/admin/").content.decode()
    assert (
        client.post(
            reverse("admin:surveys_respondent_delete", args=[respondent.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Respondent.objects.count() == 3


def test_an_analyst_reads_the_microdata_but_cannot_change_or_export_them(world, client, respondent):
    world.analyst.is_staff = True
    world.analyst.save()
    client.force_login(world.analyst)
    sex_before = respondent.sex
    page = client.get(reverse("admin:surveys_respondent_changelist"))
    assert page.status_code == 200
    assert "R0001" in page.content.decode()
    assert page.context["cl"].model_admin.get_actions(page.wsgi_request) == {}
    change = client.post(
        reverse("admin:surveys_respondent_change", args=[respondent.pk]), {"sex": "M"}
    )
    assert change.status_code == 403
    assert client.get(reverse("admin:surveys_respondent_add")).status_code == 403
    respondent.refresh_from_db()
    assert respondent.sex == sex_before
    assert Respondent.objects.count() == 3
