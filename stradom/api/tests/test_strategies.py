def test_strategies_are_listed(client, strategy):
    body = client.get("/api/strategies").json()
    assert [(s["code"], s["version"], s["start_year"]) for s in body] == [("SRK", 1, 2018)]


def test_goal_tree_is_depth_first_and_hides_unreadable_links(client, strategy):
    body = client.get(f"/api/strategies/{strategy.strategy.pk}").json()
    assert [(g["code"], g["depth"], g["level_pl"]) for g in body["goals"]] == [
        ("I", 1, "cel strategiczny"),
        ("I.1", 2, "cel operacyjny"),
        ("II", 1, "cel strategiczny"),
    ]
    air = body["goals"][1]["links"]
    assert air == [
        {
            "indicator": "PM10_AVG",
            "territory": "1261011",
            "dimensions": "",
            "direction": "lower_is_better",
            "baseline_year": 2022,
            "baseline_value": "35.2",
            "target_year": 2030,
            "target_value": "20",
            "target_source": "Directive 2008/50/EC",
            "weight": "1",
        }
    ]
    assert body["goals"][2]["links"] == []  # TRAM_SAT is a draft: not for the public


def test_an_analyst_sees_every_link(client, strategy):
    client.force_login(strategy.analyst)
    body = client.get(f"/api/strategies/{strategy.strategy.pk}").json()
    assert [lk["indicator"] for lk in body["goals"][2]["links"]] == ["TRAM_SAT"]


def test_assessment_is_the_one_the_screens_use(client, strategy):
    from stradom.assessment.services import assess_strategy

    client.force_login(strategy.analyst)
    body = client.get(
        f"/api/strategies/{strategy.strategy.pk}/assessment", {"as_of_year": 2024}
    ).json()
    expected = assess_strategy(strategy.strategy, as_of_year=2024)
    assert body["method"] == expected["method"] == "opensdg"
    assert body["links"] == expected["links"]
    assert body["goals"] == expected["goals"]
    assert body["hidden_links"] == 0
    assert [row["latest_value"] for row in body["links"]] == ["27.9", "71.5"]


def test_assessment_leaves_out_links_the_public_may_not_read(client, strategy):
    body = client.get(
        f"/api/strategies/{strategy.strategy.pk}/assessment", {"as_of_year": 2024}
    ).json()
    assert [row["indicator_code"] for row in body["links"]] == ["PM10_AVG"]
    assert body["hidden_links"] == 1


def test_unknown_method_and_strategy(client, strategy):
    pk = strategy.strategy.pk
    response = client.get(f"/api/strategies/{pk}/assessment", {"method": "astrology"})
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == "method"
    assert client.get(f"/api/strategies/{pk + 100}").status_code == 404
