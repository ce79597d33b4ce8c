def test_the_public_may_not_read_instruments_or_money(client, money):
    for url in ("/api/instruments", "/api/money/summary", "/api/money/tasks"):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_a_user_without_a_role_is_refused(client, money, django_user_model):
    client.force_login(django_user_model.objects.create_user("ewa", password="x"))
    assert client.get("/api/instruments").status_code == 403


def test_instruments_with_goals_and_readable_indicators(client, money):
    client.force_login(money.env_coordinator)
    body = client.get("/api/instruments").json()
    assert body["count"] == 1
    [programme] = body["items"]
    assert programme["code"] == "PROG-AIR"
    assert programme["goals"] == ["SRK:I.1"]
    # TRAM_SAT is a draft of another domain: not for the environment coordinator
    assert programme["result_indicators"] == ["PM10_AVG"]
    assert programme["latest_progress"] is None
    client.force_login(money.analyst)
    one = client.get("/api/instruments/PROG-AIR").json()
    assert one["result_indicators"] == ["PM10_AVG", "TRAM_SAT"]


def test_budget_tasks_and_summary_by_goal(client, money, token_for):
    headers = {"Authorization": f"Bearer {token_for(money.analyst)}"}
    tasks = client.get("/api/money/tasks", {"year": 2026}, headers=headers).json()
    [task] = tasks["items"]
    assert (task["plan_after_changes"], task["execution"], task["remaining"]) == (
        "1200000.00",
        "450000.50",
        "749999.50",
    )
    assert (task["classification"], task["instrument"]) == ("900-90005-6050", "PROG-AIR")
    summary = client.get("/api/money/summary", {"by": "goal", "year": 2026}, headers=headers).json()
    assert summary["strategy"] == "SRK"
    rows = {r["key"]: r for r in summary["rows"]}
    assert rows["I"]["spent"] == rows["I.1"]["spent"] == "450000.50"
    assert rows["II"]["planned_after_changes"] == "0.00"
    assert summary["total"]["remaining"] == "749999.50"


def test_summary_refuses_an_unknown_grouping(client, money):
    client.force_login(money.admin)
    response = client.get("/api/money/summary", {"by": "colour"})
    assert response.status_code == 422
