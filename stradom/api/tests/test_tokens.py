from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from stradom.api.models import ApiToken
from stradom.api.services import hash_token, user_for_token


def test_api_token_create_prints_the_token_once_and_stores_only_its_hash(world):
    out = StringIO()
    call_command("api_token", "create", "celina", stdout=out, stderr=StringIO())
    plain = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert plain.startswith("stradom_")
    assert token.token_hash == hash_token(plain)
    assert plain not in (token.token_hash, token.prefix)
    assert plain.startswith(token.prefix)
    assert user_for_token(plain) == world.provider
    assert ApiToken.objects.get().last_used_at is not None


def test_api_token_revoke_by_prefix(world):
    out = StringIO()
    call_command("api_token", "create", "celina", stdout=out, stderr=StringIO())
    plain = out.getvalue().strip()
    call_command("api_token", "revoke", ApiToken.objects.get().prefix, stdout=StringIO())
    assert user_for_token(plain) is None


def test_api_token_for_an_unknown_user_is_refused(world):
    with pytest.raises(CommandError):
        call_command("api_token", "create", "nobody", stdout=StringIO())
    assert ApiToken.objects.count() == 0


def test_a_token_of_an_inactive_user_is_refused(world):
    from stradom.api.services import create_token

    _token, plain = create_token(world.provider)
    world.provider.is_active = False
    world.provider.save()
    assert user_for_token(plain) is None


def test_an_administrator_revokes_a_token_in_the_admin(client, world):
    from stradom.api.services import create_token

    token, plain = create_token(world.provider, name="GIOŚ script")
    client.force_login(world.admin)
    listing = client.get("/en/admin/api/apitoken/")
    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    assert plain not in listing.content.decode()
    client.post(
        "/en/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert user_for_token(plain) is None


def test_api_token_list_shows_when_a_token_was_last_used_as_the_reader_writes_dates(world):
    from stradom.api.services import create_token

    used, _plain = create_token(world.provider, name="raporty")
    create_token(world.provider, name="nowy")
    ApiToken.objects.filter(pk=used.pk).update(
        last_used_at=datetime(2026, 10, 26, 9, 5, tzinfo=UTC)  # 10:05 in Warsaw
    )

    def listing(language):
        out = StringIO()
        with translation.override(language):
            call_command("api_token", "list", "celina", stdout=out)
        return sorted(line.split("\t")[1:] for line in out.getvalue().splitlines())

    assert listing("pl") == [["nowy", "aktywny", "-"], ["raporty", "aktywny", "26.10.2026 10:05"]]
    assert listing("en") == [["nowy", "active", "-"], ["raporty", "active", "26 Oct 2026 10:05"]]
