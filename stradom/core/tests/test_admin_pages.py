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


def test_observations_have_no_admin_page_and_their_history_is_read_only(world, client):
    """Observations are keyed by their natural key, which Django's admin cannot open;
    every change of them is read in the history's admin, which changes nothing."""
    from stradom.catalog.models import Observation, ObservationChange

    client.force_login(world.admin)
    assert Observation not in admin.site._registry
    assert "/admin/catalog/observation/" not in client.get("/admin/").content.decode()
    history = reverse("admin:catalog_observationchange_changelist")
    assert client.get(history).status_code == 200
    history_admin = admin.site._registry[ObservationChange]
    request = client.get(history).wsgi_request
    assert not history_admin.has_add_permission(request)
    assert not history_admin.has_change_permission(request)
    assert not history_admin.has_delete_permission(request)
