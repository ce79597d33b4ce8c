"""A database created by the previous release migrates forward with its data kept.

The test database is emptied (every table dropped) and built again by the migrations of
the previous release only (``releases.PREVIOUS``), filled through the models as they were
then, and migrated forward to the migrations of the code as it is now. Every row written
is read back through today's models, field by field, and every table of the release
holds as many rows as before.

A later migration that adds a table or a column needs nothing here, nor one that cannot
be unapplied (the release is built from nothing, not by going back). One that drops a
column, rewrites the values in one, or adds or removes rows in a table of the release
makes this test fail: that is the point. If it drops a column on purpose, list it in
``DROPPED_ON_PURPOSE`` with the reason.

Decimals keep to 15 significant digits, ten decimal places included: SQLite keeps a
``DecimalField`` with that precision (its NUMERIC affinity), whatever the field allows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from django.apps import apps as current_apps
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from stradom.core.tests.migrating import (
    latest_migrations,
    migrate_empty_database_to,
    migrate_to,
)
from stradom.core.tests.releases import PREVIOUS

# Columns of the release that a later migration removes on purpose:
# {"app.Model": {"column", ...}}, each with a comment saying where its data went.
DROPPED_ON_PURPOSE: dict[str, set[str]] = {
    # catalog 0007: the natural key became the primary key; the surrogate id named
    # nothing (the history is keyed by the natural key since 0006).
    "catalog.Observation": {"id"},
}

# Rows whose identity is not their release's primary key: the columns that identify a
# row in the release and today alike ({"app.Model": (column, ...)}).
IDENTITY: dict[str, tuple[str, ...]] = {
    "catalog.Observation": ("indicator_id", "territory_id", "period", "dimensions"),
}

AT = datetime(2026, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
LATER = datetime(2026, 3, 14, 23, 59, 59, 999999, tzinfo=UTC)


class Written:
    """Rows created through the historical models, with the values given for each."""

    def __init__(self, apps):
        self.apps = apps
        self.rows: dict[tuple[str, object], dict] = {}
        self.links: dict[tuple[str, object, str], set] = {}

    def add(self, label: str, **values):
        model = self.apps.get_model(label)
        row = model.objects.create(**values)
        expected = {}
        for name, value in values.items():
            field = model._meta.get_field(name)
            expected[field.attname] = value.pk if field.is_relation else value
        self.rows[(label, identity(label, row))] = expected
        return row

    def link(self, row, name: str, *others) -> None:
        getattr(row, name).add(*others)
        self.links[(row._meta.label, row.pk, name)] = {other.pk for other in others}


def fill(apps) -> Written:
    """A little of everything a release-day office keeps, in every app's main tables."""
    w = Written(apps)
    add, link = w.add, w.link

    # auth, contenttypes, admin, sessions, axes
    kinds = {}
    for app_label, model in (
        ("finance", "budgettask"),
        ("instruments", "instrument"),
        ("registers", "resolution"),
        ("territory", "territory"),
    ):
        kinds[model] = add("contenttypes.ContentType", app_label=app_label, model=model)
    change_task = add(
        "auth.Permission", name="Can change budget task", codename="change_budgettask",
        content_type=kinds["budgettask"],
    )  # fmt: skip
    group = add("auth.Group", name="Koordynatorzy dziedziny — środowisko")
    link(group, "permissions", change_task)
    lucja = add(
        "auth.User", username="łucja", first_name="Łucja", last_name="Żółkiewska-Dąb",
        email="lucja.zolkiewska@um.krakow.pl", password="md5$sól$0123456789abcdef",
        is_staff=True, is_active=True, date_joined=AT, last_login=LATER,
    )  # fmt: skip
    admin = add(
        "auth.User", username="admin", password="!", is_superuser=True, is_staff=True,
        date_joined=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
    )  # fmt: skip
    link(lucja, "groups", group)
    link(lucja, "user_permissions", change_task)
    add(
        "admin.LogEntry", action_time=AT, user=admin, content_type=kinds["territory"],
        object_id="3", object_repr="Kraków", action_flag=2,
        change_message='[{"changed": {"fields": ["Nazwa"]}}]',
    )  # fmt: skip
    add(
        "sessions.Session", session_key="x7k2m9p4q1w8e5r3t6y0u2i9o4p7a1s5d8f3g6h0",
        session_data="e30:1tZ9aB:zażółć-gęślą-jaźń", expire_date=LATER,
    )  # fmt: skip
    attempt = add(
        "axes.AccessAttempt", user_agent="Mozilla/5.0 (Przeglądarka)", ip_address="192.0.2.15",
        username="łucja", http_accept="text/html", path_info="/pl/konto/logowanie/",
        get_data="", post_data="username=łucja", failures_since_start=3,
    )  # fmt: skip
    add("axes.AccessAttemptExpiration", access_attempt=attempt, expires_at=LATER)
    add(
        "axes.AccessLog", user_agent="Mozilla/5.0", ip_address="2001:db8::15", username="admin",
        http_accept="*/*", path_info="/pl/admin/", logout_time=LATER, session_hash="ab" * 32,
    )  # fmt: skip
    add(
        "axes.AccessFailureLog", user_agent="curl/8.5", ip_address="198.51.100.7",
        username="żaneta", http_accept="*/*", path_info="/pl/konto/logowanie/", locked_out=True,
    )  # fmt: skip

    # core
    add("core.DataVersion", number=4211, changed_at=AT)

    # territory
    poland = add("territory.Territory", code="PL", name="Polska", kind="country")
    malopolska = add(
        "territory.Territory", code="12", name="MAŁOPOLSKIE", kind="voivodeship", parent=poland
    )
    krakow = add(
        "territory.Territory", code="1261011", name="Kraków", kind="gmina",
        kind_detail="gmina miejska, miasto na prawach powiatu", parent=malopolska,
        area_km2=Decimal("326.8512"), valid_from=date(1999, 1, 1),
        geometry={"type": "Point", "coordinates": [19.9450, 50.0647]},
        source="TERYT TERC, stan na 2026-01-01",
    )  # fmt: skip
    podgorze = add(
        "territory.Territory", code="1261011-13", name="Podgórze", kind="submunicipal",
        number="XIII", parent=krakow, valid_from=date(1991, 3, 27),
    )  # fmt: skip
    add(
        "territory.BdlUnit", code="011212661011", name="Kraków", territory=krakow,
        note="powiat m. Kraków",
    )  # fmt: skip

    # catalog
    environment = add(
        "catalog.Domain", code="srodowisko", name_pl="Ochrona środowiska i zieleń",
        name_en="Environment and greenery", description_pl="Powietrze, woda, hałas, zieleń.",
        order=3, source="Strategia Rozwoju Krakowa 2030",
    )  # fmt: skip
    link(environment, "coordinators", lucja)
    waste = add(
        "catalog.PublicService", code="odbior-odpadow", domain=environment,
        name_pl="Odbiór odpadów komunalnych", name_en="Municipal waste collection",
    )  # fmt: skip
    sex = add("catalog.Dimension", code="plec", name_pl="płeć", name_en="sex")
    add("catalog.DimensionValue", dimension=sex, code="K", name_pl="kobiety", order=1)
    add("catalog.DimensionValue", dimension=sex, code="M", name_pl="mężczyźni", order=2)
    pm10 = add(
        "catalog.Indicator", code="PM10_AVG", name_pl="Średnioroczne stężenie pyłu PM10",
        name_en="Annual mean PM10 concentration", calculation_pl="Średnia ze stężeń dobowych",
        unit="µg/m³", decimals=1, polarity="lower_is_better", theme="quality_of_life",
        frequency="Y", source="GIOŚ", source_url="https://powietrze.gios.gov.pl/",
        responsible_unit="Wydział Kształtowania Środowiska", publication_status="published",
        domain=environment, rules=[{"kind": "range", "min": "0", "max": "500", "action": "reject"}],
    )  # fmt: skip
    pm10_days = add(
        "catalog.Indicator", code="PM10_DAYS", name_pl="Dni z przekroczeniem normy dobowej PM10",
        unit="dni", decimals=0, polarity="lower_is_better", frequency="Y", domain=environment,
        aggregation={"function": "count_above", "threshold": "50", "min_coverage": "0.9"},
        aggregation_source=pm10,
    )  # fmt: skip
    population = add(
        "catalog.Indicator", code="POP", name_pl="Liczba ludności", unit="osoby", decimals=0,
        theme="context", publication_status="withdrawn",
    )  # fmt: skip
    link(population, "dimensions", sex)
    link(population, "data_providers", lucja, admin)
    link(pm10, "services", waste)
    add(
        "catalog.Indicator", code="POP_DENSITY", name_pl="Gęstość zaludnienia",
        unit="osoby/km²", formula="[POP] / 326.8512", decimals=2,
    )  # fmt: skip
    air_opinion = add(
        "catalog.Indicator", code="AIR_OPINION", name_pl="Dobra ocena jakości powietrza",
        unit="%", kind="subjective", polarity="higher_is_better", domain=environment,
    )  # fmt: skip
    pm10_2025 = add(
        "catalog.Observation", indicator=pm10, territory=krakow, period="2025", period_kind="Y",
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
        value=Decimal("31.4159265358"), status="final", note="stacja al. Krasińskiego",
        source="GIOŚ, dane zweryfikowane", updated_at=AT, updated_by=lucja,
    )  # fmt: skip
    add(
        "catalog.Observation", indicator=pm10, territory=krakow, period="2026-02", period_kind="M",
        period_start=date(2026, 2, 1), period_end=date(2026, 2, 28),
        value=Decimal("12345.0123456789"), status="provisional", flags=["range"], updated_at=LATER,
    )  # fmt: skip
    add(
        "catalog.Observation", indicator=population, territory=podgorze, period="2024",
        period_kind="Y", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        dimensions="plec=K", value=Decimal("-0.0000000001"), status="estimated",
        updated_at=AT,
    )  # fmt: skip
    add(
        "catalog.Observation", indicator=air_opinion, territory=krakow, period="2025",
        period_kind="Y", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
        value=Decimal("63.2500000001"), ci_low=Decimal("60.1234567891"),
        ci_high=Decimal("66.3765432109"), base_n=1043,
        provenance={"survey": "jakosc-zycia", "wave": "jakosc-zycia-2025"}, updated_at=AT,
    )  # fmt: skip
    add(
        "catalog.Observation", indicator=pm10_days, territory=krakow, period="2023",
        period_kind="Y", period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
        value=None, status="not_available", note="brak pomiarów — awaria stacji",
        provenance={"unavailable": "input"}, updated_at=AT,
    )  # fmt: skip
    add(
        "catalog.ObservationChange", indicator=pm10, territory=krakow, period="2025",
        action="created", old_value=None, new_value=Decimal("30.9999999999"),
        new_status="provisional", reason="import z pliku GIOŚ", channel="import",
        batch="imp-2026-03-14", at=AT, user=lucja,
    )  # fmt: skip
    add(
        "catalog.ObservationChange", indicator=pm10, territory=krakow, period="2025",
        action="updated", old_value=Decimal("30.9999999999"), new_value=pm10_2025.value,
        old_status="provisional", new_status="final", old={"note": ""},
        new={"note": "stacja al. Krasińskiego"}, reason="dane zweryfikowane przez GIOŚ",
        channel="admin", at=LATER, user=lucja,
    )  # fmt: skip
    add(
        "catalog.ObservationChange", indicator=population, territory=podgorze, period="2023",
        dimensions="plec=K", action="deleted", old_value=Decimal("52017.5000000000"),
        old_status="final", reason="błędny kod dzielnicy", channel="api", at=AT,
    )  # fmt: skip

    # strategy, assessment
    srk_2014 = add(
        "strategy.Strategy", code="SRK", version=1, start_year=2014, end_year=2030,
        name_pl="Strategia Rozwoju Krakowa „Tu chcę żyć. Kraków 2030”",
        resolution="Uchwała nr CXII/1700/14 Rady Miasta Krakowa z dnia 10 września 2014 r.",
    )  # fmt: skip
    srk = add(
        "strategy.Strategy", code="SRK", version=2, start_year=2022, end_year=2030,
        name_pl="Strategia Rozwoju Krakowa 2030 (aktualizacja)", name_en="Kraków 2030",
        previous_version=srk_2014, source_url="https://www.bip.krakow.pl/?dok_id=167",
    )  # fmt: skip
    add("strategy.StrategyLevel", strategy=srk, depth=1, name_pl="obszar", name_en="area")
    add("strategy.StrategyLevel", strategy=srk, depth=2, name_pl="cel operacyjny", name_en="goal")
    area = add(
        "strategy.Goal", strategy=srk, code="IV", depth=1, order=4,
        name_pl="Kraków — miasto przyjazne środowisku",
    )  # fmt: skip
    clean_air = add(
        "strategy.Goal", strategy=srk, code="IV.3", depth=2, order=3, parent=area,
        name_pl="Czyste powietrze", note="cel zmieniony uchwałą z 2022 r.",
    )  # fmt: skip
    add(
        "strategy.GoalIndicator", goal=clean_air, indicator=pm10, territory=krakow,
        direction="lower_is_better", baseline_year=2014, baseline_value=Decimal("64.0000000001"),
        target_year=2030, target_value=Decimal("20.1234567891"), limit=Decimal("40.0000000000"),
        target_source="Program ochrony powietrza dla województwa małopolskiego (XXXII/451/20)",
        milestones=[{"year": 2026, "value": "28.5"}], weight=Decimal("0.3333"), order=1,
        note="norma WHO: 15 µg/m³",
    )  # fmt: skip
    add(
        "strategy.GoalIndicator", goal=area, indicator=population, territory=podgorze,
        dimensions="plec=K", weight=Decimal("2.5000"),
    )  # fmt: skip
    add(
        "assessment.AssessmentRun", strategy=srk, method="opensdg", as_of_year=2025,
        coverage_years=4, config={"thresholds": ["0.95", "0.6"]}, created_by=lucja,
        results={"links": [{"indicator": "PM10_AVG", "status": "na dobrej drodze"}]},
    )  # fmt: skip

    # instruments
    programme = add(
        "instruments.Instrument", code="PNE", kind="programme", status="in_progress",
        name_pl="Program ograniczania niskiej emisji",
        owning_unit="Wydział Kształtowania Środowiska",
        planned_start=date(2019, 1, 1), planned_end=date(2027, 12, 31),
        actual_start=date(2019, 2, 15), manager=lucja, domain=environment,
    )  # fmt: skip
    link(programme, "goals", clean_air)
    link(programme, "output_indicators", pm10_days)
    link(programme, "result_indicators", pm10)
    stoves = add(
        "instruments.Instrument", code="PNE-1", kind="project", status="completed",
        parent=programme, name_pl="Wymiana pieców węglowych — Podgórze",
        planned_start=date(2024, 1, 1), planned_end=date(2025, 10, 31),
        actual_start=date(2024, 2, 1), actual_end=date(2025, 11, 30),
        duration_days=365, source_url="https://www.krakow.pl/", note="ostatni piec: ul. Józefińska",
    )  # fmt: skip
    yards = add(
        "instruments.Instrument", code="PNE-2", kind="project", parent=programme,
        name_pl="Zielone podwórka na Zabłociu", illustrative=True,
    )  # fmt: skip
    add(
        "instruments.Milestone", instrument=stoves, name_pl="Ostatni piec węglowy zlikwidowany",
        due_date=date(2025, 10, 31), done_date=date(2025, 11, 30), note="opóźnienie: odbiory",
    )  # fmt: skip
    network = add("instruments.ProjectNetwork", code="SIEC-PNE", name_pl="Harmonogram PNE")
    link(network, "projects", stoves, yards)
    add(
        "instruments.Dependency", network=network, predecessor=stoves, successor=yards,
        kind="SS", lag_days=-5,
    )  # fmt: skip
    cycle = add(
        "instruments.ReportingCycle", name_pl="Sprawozdanie kwartalne", frequency="Q",
        starts_on=date(2025, 1, 1), grace_days=21,
    )  # fmt: skip
    link(cycle, "instruments", programme)
    add(
        "instruments.ProgressUpdate", instrument=programme, cycle=cycle, period="2025-Q4",
        percent_complete=87, narrative="Zlikwidowano 98% palenisk węglowych.",
        risks="Brak wykonawców robót", next_steps="Kontrole straży miejskiej", author=lucja,
    )  # fmt: skip
    add(
        "instruments.InstrumentChange", content_type=kinds["instrument"],
        object_id=programme.pk, object_repr="PNE Program ograniczania niskiej emisji",
        field="status", old="planned", new="in_progress", reason="rozpoczęcie realizacji",
        channel="admin", actor=lucja,
    )  # fmt: skip

    # finance
    unit = add(
        "finance.Unit", code="wks", name_pl="Wydział Kształtowania Środowiska", domain=environment
    )
    task = add(
        "finance.BudgetTask", year=2026, code="NE-1", name_pl="Dopłaty do wymiany źródeł ciepła",
        section="900", chapter="90005", paragraph="6230", plan=Decimal("12500000.50"),
        plan_after_changes=Decimal("13750000.75"), commitments=Decimal("9876543.21"),
        execution=Decimal("8000000.01"), note="zadanie wieloletnie", unit=unit,
        domain=environment, instrument=programme,
    )  # fmt: skip
    add("finance.BudgetTaskGoal", task=task, goal=clean_air, share=Decimal("66.6667"))
    add(
        "finance.BudgetTaskMonth", task=task, month=3, plan=Decimal("1041666.71"),
        execution=Decimal("998877.66"),
    )  # fmt: skip
    add("finance.BudgetTaskMonth", task=task, month=12, plan=None)
    add(
        "finance.MoneyChange", content_type=kinds["budgettask"], object_id=task.pk,
        object_repr="2026 NE-1 Dopłaty do wymiany źródeł ciepła", field="plan_after_changes",
        old="12500000.50", new="13750000.75", reason="autopoprawka Prezydenta Miasta",
        channel="import", actor=lucja,
    )  # fmt: skip
    wpf = add(
        "finance.WpfVersion", code="WPF-2026", number=1, budget_year=2026,
        resolution="Uchwała nr XX/500/25 w sprawie Wieloletniej Prognozy Finansowej",
        adopted_on=date(2025, 12, 17), debt_window=3, debt_exclusion_rows=["8.3.1"],
        created_by=admin,
    )  # fmt: skip
    add(
        "finance.WpfVersion", code="WPF-2026", number=2, budget_year=2026, previous=wpf,
        illustrative=True, note="autopoprawka — przykład",
    )  # fmt: skip
    add("finance.WpfYear", version=wpf, year=2025, value_type="q3_plan")
    add("finance.WpfYear", version=wpf, year=2026, value_type="plan")
    income = add("finance.WpfRow", version=wpf, code="1", label_pl="Dochody ogółem", order=1)
    add("finance.WpfValue", row=income, year=2026, amount=Decimal("8123456789.12"))
    lights = add(
        "finance.Undertaking", version=wpf, number="1.3.2.1", unit=unit, group="eu",
        kind="property", name="Modernizacja oświetlenia ulicznego — Nowa Huta",
        purpose="Mniej energii, bezpieczniejsze ulice", start_year=2024, end_year=2028,
        total_outlays=Decimal("45000000.00"), obligations_limit=Decimal("30000000.99"),
    )  # fmt: skip
    link(lights, "goals", clean_air)
    link(lights, "instruments", programme)
    add("finance.UndertakingLimit", undertaking=lights, year=2027, amount=Decimal("12000000.33"))

    # registers
    resolution = add(
        "registers.Resolution", term="IX", number="XII/345/25", adopted_on=date(2025, 6, 11),
        title="w sprawie „Programu ochrony środowiska dla Miasta Krakowa na lata 2025–2028”",
        status="in_progress", note="sprawozdanie do 31 marca", domain=environment, unit=unit,
    )  # fmt: skip
    add(
        "registers.CivicBudgetProject", edition=2025, code="BO.XIII.12/25", district=podgorze,
        title="Łąka kwietna przy ul. Żołnierskiej", cost=Decimal("149999.99"), votes=1234,
        status="selected", domain=environment, illustrative=True,
    )  # fmt: skip
    add(
        "registers.RegisterChange", content_type=kinds["resolution"],
        object_id=resolution.pk, object_repr="XII/345/25", field="status", old="to_execute",
        new="in_progress", reason="przekazano do realizacji", channel="import", actor=admin,
    )  # fmt: skip

    # surveys
    survey = add(
        "surveys.Survey", code="jakosc-zycia", name_pl="Badanie jakości życia w Krakowie",
        population="mieszkańcy w wieku 18 lat i więcej", territory=krakow,
    )  # fmt: skip
    wave = add(
        "surveys.Wave", survey=survey, code="jakosc-zycia-2025", year=2025,
        field_start=date(2025, 9, 1), field_end=date(2025, 10, 15), mode="mixed",
        sample_size=1043, comparable_with_previous=False,
        comparability_note="zmiana trybu z CATI na mieszany", imported_at=AT,
        source_file="badanie_2025.sav", imported_by=lucja,
    )  # fmt: skip
    question = add(
        "surveys.Question", survey=survey, code="Q7", scale_min=1, scale_max=5, order=7,
        text_pl="Jak ocenia Pan/Pani jakość powietrza w swojej okolicy?",
        value_labels={"1": "bardzo źle", "5": "bardzo dobrze"}, missing_codes=[9],
    )  # fmt: skip
    add(
        "surveys.Respondent", wave=wave, row_id="R0001", weight=Decimal("1.23456789"),
        sex="K", age_group="25–34", answers={"Q7": 4}, territory=podgorze,
    )  # fmt: skip
    add(
        "surveys.SubjectiveIndicator", indicator=air_opinion, question=question,
        statistic="share", categories=[4, 5], min_base=30,
    )  # fmt: skip

    # jobs, the task queue, the API, the workspace
    add(
        "jobs.Job", user=lucja, kind="report", params={"kind": "domain", "domain": "srodowisko"},
        status="succeeded", done=7, total=7, step="Składanie raportu", result={"pages": 12},
        file="jobs/2026/raport-środowisko.pdf", file_name="raport-środowisko.pdf",
        content_type="application/pdf", size=123456, task_id="7b0e3c52-task",
        started_at=AT, finished_at=LATER, updated_at=LATER,
    )  # fmt: skip
    add(
        "django_tasks_database.DBTaskResult", id=UUID("7b0e3c52-9d3e-4a41-9f0c-2a5b1e6f8d40"),
        status="SUCCESSFUL", args_kwargs={"args": [1], "kwargs": {}}, priority=-3,
        task_path="stradom.jobs.services.run_report", backend_name="default", run_after=AT,
        started_at=AT, finished_at=LATER, return_value="raport-środowisko.pdf",
        exception_class_path="", traceback="", worker_ids=["worker-1"],
    )  # fmt: skip
    add(
        "api.ApiToken", user=lucja, name="Tablica na Rynku Głównym", prefix="strd_ab12",
        token_hash="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        last_used_at=LATER,
    )  # fmt: skip
    add("workspace.Visit", user=lucja, seen_at=LATER)
    return w


def release_columns(apps) -> dict[str, list[str]]:
    """The columns of every table of the release (many-to-many tables too), less those
    dropped on purpose since."""
    return {
        model._meta.label: [
            field.attname
            for field in model._meta.concrete_fields
            if field.attname not in DROPPED_ON_PURPOSE.get(model._meta.label, set())
        ]
        for model in apps.get_models(include_auto_created=True)
    }


def without_dropped(label: str, values: dict) -> dict:
    """``values`` less the columns dropped on purpose since the release."""
    return {k: v for k, v in values.items() if k not in DROPPED_ON_PURPOSE.get(label, set())}


def identity(label: str, row) -> object:
    """What identifies ``row`` before and after the migrations: its primary key, or
    the columns ``IDENTITY`` names."""
    if label in IDENTITY:
        return tuple(getattr(row, column) for column in IDENTITY[label])
    return row.pk


def read(model, columns, **filters) -> dict:
    """``{identity: {column: value}}`` of the rows of ``model``."""
    key = IDENTITY.get(model._meta.label)
    if key is None:
        rows = model._base_manager.filter(**filters).values("pk", *columns)
        return {row.pop("pk"): row for row in rows}
    rows = model._base_manager.filter(**filters).values(*dict.fromkeys([*key, *columns]))
    return {tuple(row[k] for k in key): {c: row[c] for c in columns} for row in rows}


def differences(label: str, before: dict, after: dict) -> list[tuple]:
    """``(label, pk, column, before, after)`` for every value that is not the same, of the
    same type too (``Decimal("1.5") == 1.5``, but a float is not the value kept)."""
    found = []
    for pk, values in before.items():
        for column, value in values.items():
            now = after.get(pk, {}).get(column, "<row gone>")
            if type(now) is not type(value) or now != value:
                found.append((label, pk, column, value, now))
    return found


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_release_migrates_forward_with_every_row_kept():
    latest = latest_migrations()
    try:
        executor = migrate_empty_database_to(PREVIOUS)
        release = executor.loader.project_state(PREVIOUS).apps
        # Exactly the release: its migrations applied, its tables there, nothing newer.
        release_plan = {
            node for target in PREVIOUS for node in executor.loader.graph.forwards_plan(target)
        }
        assert set(MigrationRecorder(connection).applied_migrations()) == release_plan
        assert set(connection.introspection.table_names()) == {
            MigrationRecorder.Migration._meta.db_table,
            *(model._meta.db_table for model in release.get_models(include_auto_created=True)),
        }
        written = fill(release)
        columns = release_columns(release)
        before = {label: read(release.get_model(label), columns[label]) for label in columns}
        assert [label for label, rows in before.items() if not rows] == []  # every table
    finally:
        executor = migrate_to(latest)
    assert executor.migration_plan(latest) == []
    now = {label: current_apps.get_model(label) for label in columns}

    missing = {
        label: sorted(set(columns[label]) - {f.attname for f in now[label]._meta.concrete_fields})
        for label in columns
    }
    assert {label: names for label, names in missing.items() if names} == {}

    # What fill() gave, read through today's models: the same values, exactly.
    assert [
        change
        for (label, pk), values in written.rows.items()
        for change in differences(
            label,
            {pk: without_dropped(label, values)},
            read(now[label], list(without_dropped(label, values)), pk=pk),
        )
    ] == []
    assert {
        (label, pk, name): set(
            getattr(now[label]._base_manager.get(pk=pk), name).values_list("pk", flat=True)
        )
        for (label, pk, name) in written.links
    } == written.links

    # And every table as a whole, defaults and automatic times included.
    after = {label: read(now[label], columns[label]) for label in columns}
    assert {label: len(rows) for label, rows in after.items()} == {
        label: len(rows) for label, rows in before.items()
    }
    assert [
        change for label in columns for change in differences(label, before[label], after[label])
    ] == []
