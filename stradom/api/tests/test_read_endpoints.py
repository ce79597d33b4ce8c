from stradom.catalog.models import Indicator, PublicationStatus


def test_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Stradom API"
    assert schema["info"]["version"] == "1"
    assert "/api/observations" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_territories_are_listed_in_code_order_with_paging(client, world):
    body = client.get("/api/territories", {"limit": 2, "offset": 2}).json()
    assert body["count"] == 5
    assert [t["code"] for t in body["items"]] == ["1261011-01", "1261011-02"]
    assert body["items"][0]["parent"] == "1261011"
    assert (body["limit"], body["offset"]) == (2, 2)


def test_territories_filter_by_parent(client, world):
    body = client.get("/api/territories", {"parent": "1261011"}).json()
    assert [t["name"] for t in body["items"]] == ["Stare Miasto", "Grzegórzki"]


def test_limit_above_the_maximum_is_refused_with_the_error_shape(client, world):
    response = client.get("/api/territories", {"limit": 5000})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["details"][0]["field"] == "limit"


def test_unknown_territory_is_a_404_in_the_error_shape(client, world):
    response = client.get("/api/territories/9999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found.", "details": []}
    }


def test_domains_and_services(client, world):
    assert [d["code"] for d in client.get("/api/domains").json()] == ["srodowisko", "transport"]
    assert client.get("/api/services").json() == []


def test_the_public_sees_only_published_indicators(client, world):
    body = client.get("/api/indicators").json()
    assert [i["code"] for i in body["items"]] == ["PM10_AVG"]
    assert body["items"][0]["domain"] == "srodowisko"
    assert body["items"][0]["unit"] == "µg/m3"
    assert client.get("/api/indicators/TRAM_SAT").status_code == 404


def test_an_analyst_reads_every_indicator_with_metadata(client, world):
    client.force_login(world.analyst)
    body = client.get("/api/indicators").json()
    assert [i["code"] for i in body["items"]] == ["BIRTHS", "PM10_AVG", "POP", "TRAM_SAT"]
    pop = client.get("/api/indicators/POP").json()
    assert pop["dimensions"] == [
        {
            "code": "sex",
            "name_pl": "płeć",
            "name_en": "sex",
            "values": [
                {"code": "F", "name_pl": "kobiety", "name_en": ""},
                {"code": "M", "name_pl": "mężczyźni", "name_en": ""},
            ],
        }
    ]


def test_a_coordinator_reads_own_drafts_but_not_other_domains_drafts(client, world, token_for):
    headers = {"Authorization": f"Bearer {token_for(world.transport_coordinator)}"}
    body = client.get("/api/indicators", headers=headers).json()
    assert [i["code"] for i in body["items"]] == ["PM10_AVG", "TRAM_SAT"]


def test_a_wrong_token_is_refused_even_on_public_reads(client, world):
    response = client.get("/api/indicators", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_observations_of_the_public_are_those_of_published_indicators(client, stored):
    body = client.get("/api/observations").json()
    assert body["count"] == 4
    assert [(o["territory"], o["period"], o["value"]) for o in body["items"]] == [
        ("1261011", "2022", "35.2"),
        ("1261011", "2023", "30.1"),
        ("1261011", "2024", "27.9"),
        ("1261011-01", "2024", "33"),
    ]
    assert body["items"][2]["status"] == "provisional"


def test_observations_filter_by_territory_and_period_range(client, stored):
    body = client.get(
        "/api/observations",
        {"indicator": "PM10_AVG", "territory": "1261011", "period_from": "2023"},
    ).json()
    assert [o["period"] for o in body["items"]] == ["2023", "2024"]
    body = client.get("/api/observations", {"indicator": "PM10_AVG", "period_to": "2022"}).json()
    assert [o["value"] for o in body["items"]] == ["35.2"]


def test_observations_filter_by_dimensions(client, stored):
    client.force_login(stored.analyst)
    body = client.get("/api/observations", {"indicator": "POP", "dimensions": "sex=F"}).json()
    assert [(o["dimensions"], o["value"]) for o in body["items"]] == [({"sex": "F"}, "425000")]
    body = client.get("/api/observations", {"indicator": "POP", "dimensions": ""}).json()
    assert [o["value"] for o in body["items"]] == ["804237"]


def test_observations_of_a_draft_indicator_are_hidden_from_the_public(client, stored):
    response = client.get("/api/observations", {"indicator": "TRAM_SAT"})
    assert response.status_code == 404


def test_a_bad_period_in_a_filter_is_refused_naming_the_field(client, stored):
    response = client.get("/api/observations", {"period_from": "2024-Q9"})
    assert response.status_code == 422  # not even the shape of a period
    assert response.json()["error"]["details"][0]["field"] == "period_from"
    response = client.get("/api/observations", {"period_to": "2024-02-30"})
    assert response.status_code == 400  # the shape, but no such day
    assert response.json()["error"]["details"][0]["field"] == "period_to"


def test_observations_as_csv(client, stored):
    response = client.get("/api/observations.csv", {"territory": "1261011-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8").splitlines()
    assert lines == [
        "indicator,territory,territory_name,period,value,unit,status,ci_low,ci_high,note,source",
        "PM10_AVG,1261011-01,Stare Miasto,2024,33,µg/m3,final,,,,",
    ]


def test_paging_is_stable_and_covers_every_row_once(client, stored):
    client.force_login(stored.analyst)
    seen = []
    for offset in range(0, 8, 3):
        body = client.get("/api/observations", {"limit": 3, "offset": offset}).json()
        seen += [
            (o["indicator"], o["territory"], o["period"], str(o["dimensions"]))
            for o in body["items"]
        ]
    assert len(seen) == len(set(seen)) == 8


def test_withdrawn_indicator_disappears_for_the_public(client, stored):
    Indicator.objects.filter(code="PM10_AVG").update(publication_status=PublicationStatus.WITHDRAWN)
    assert client.get("/api/observations").json()["count"] == 0


def test_a_nul_character_is_a_400_not_a_server_error(client, world):
    response = client.get("/api/indicators", {"domain": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "bad_request",
        "message": "The request contains a NUL character.",
        "details": [],
    }


def test_answers_are_in_polish_unless_the_client_asks_otherwise(client, world):
    assert client.get("/api/indicators").headers["Content-Language"] == "pl"
    english = client.get("/api/indicators", HTTP_ACCEPT_LANGUAGE="en")
    assert english.headers["Content-Language"] == "en"


def test_the_browsable_docs_use_local_scripts_allowed_by_the_content_security_policy(client, db):
    response = client.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
