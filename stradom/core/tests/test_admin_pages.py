"""Every admin page of every app opens for an administrator, in Polish and in English."""

import pytest
from django.contrib import admin
from django.urls import reverse


def registered_models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_admin_changelist_and_add_pages_open(world, client, model):
    client.force_login(world.admin)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    model_admin = admin.site._registry[model]
    request = client.get(changelist).wsgi_request
    if model_admin.has_add_permission(request):
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert client.get(add).status_code == 200


def test_admin_index_is_polish_by_default_and_english_on_request(world, client):
    client.force_login(world.admin)
    polish = client.get("/admin/").content.decode()
    assert "Wskaźniki" in polish and "Jednostki terytorialne" in polish
    english = client.get("/en/admin/").content.decode()
    assert "Indicators" in english and "Territorial units" in english


def test_observations_are_read_only_in_admin(world, client):
    from stradom.catalog.models import Observation

    client.force_login(world.admin)
    assert client.get(reverse("admin:catalog_observation_add")).status_code == 403
    assert Observation.objects.count() == 0
