"""The role × action rules of ``stradom.accounts.permissions`` at the function level.

The HTTP answers (404/403/200, nothing changed on refusal) are checked page by page in
``stradom/workspace/tests/test_permission_matrix.py``.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from stradom.accounts.permissions import (
    ADMINISTRATORS,
    Action,
    ValuePermissions,
    can,
    is_administrator,
    public_only,
    roles,
    visible_indicators,
)
from stradom.catalog.models import Indicator


@pytest.fixture
def drafts(world):
    world.noise = Indicator.objects.create(
        code="NOISE", name_pl="Hałas", domain=world.environment, publication_status="draft"
    )
    world.noise.data_providers.add(world.provider)
    world.bikes = Indicator.objects.create(
        code="BIKES", name_pl="Rowery", domain=world.transport, publication_status="published"
    )
    return world


def test_anonymous_sees_only_published_indicators(drafts):
    codes = set(visible_indicators(AnonymousUser()).values_list("code", flat=True))
    assert codes == {"PM10_AVG", "BIKES"}


def test_analyst_sees_every_indicator_but_enters_nothing(drafts):
    w = drafts
    assert set(visible_indicators(w.analyst).values_list("code", flat=True)) == {
        "PM10_AVG",
        "TRAM_SAT",
        "POP",
        "BIRTHS",
        "NOISE",
        "BIKES",
    }
    assert not any(can(w.analyst, Action.ENTER_VALUES, i) for i in Indicator.objects.all())


def test_coordinator_sees_own_drafts_and_foreign_published_only(drafts):
    w = drafts
    codes = set(visible_indicators(w.env_coordinator).values_list("code", flat=True))
    assert codes == {"PM10_AVG", "NOISE", "BIKES"}
    assert can(w.env_coordinator, Action.ENTER_VALUES, w.noise)
    assert not can(w.env_coordinator, Action.ENTER_VALUES, w.bikes)
    assert can(w.env_coordinator, Action.VIEW_HISTORY, w.pm10)
    assert not can(w.env_coordinator, Action.VIEW_HISTORY, w.bikes)


def test_data_provider_enters_values_of_assigned_indicators_only(drafts):
    w = drafts
    assert can(w.provider, Action.ENTER_VALUES, w.pm10)
    assert can(w.provider, Action.ENTER_VALUES, w.noise)
    assert not can(w.provider, Action.ENTER_VALUES, w.bikes)
    assert not can(w.provider, Action.VIEW, w.trams)


def test_user_without_a_role_is_the_public(drafts):
    nobody = User.objects.create_user("ewa", password="x")
    assert public_only(nobody)
    assert not can(nobody, Action.USE_WORKSPACE)
    assert not can(nobody, Action.VIEW, drafts.noise)
    assert can(nobody, Action.VIEW, drafts.pm10)


def test_administrators_group_has_every_right(drafts):
    boss = User.objects.create_user("fryderyk", password="x")
    boss.groups.add(Group.objects.create(name=ADMINISTRATORS))
    assert is_administrator(boss)
    assert all(can(boss, a, drafts.trams) for a in Action)


def test_inactive_user_has_no_rights(drafts):
    drafts.env_coordinator.is_active = False
    drafts.env_coordinator.save()
    assert not can(drafts.env_coordinator, Action.VIEW, drafts.noise)
    assert not ValuePermissions.for_user(drafts.env_coordinator).allows(drafts.pm10)


def test_computed_indicator_takes_no_typed_values(drafts):
    drafts.births.formula = "[POP] * 2"
    drafts.births.domain = drafts.environment
    drafts.births.save()
    assert not can(drafts.env_coordinator, Action.ENTER_VALUES, drafts.births)
    assert not can(drafts.admin, Action.ENTER_VALUES, drafts.births)
    assert can(drafts.admin, Action.VIEW_HISTORY, drafts.births)


def test_roles_are_worked_out_once_per_user_object(drafts, django_assert_num_queries):
    user = drafts.env_coordinator
    roles(user)
    with django_assert_num_queries(0):
        roles(user)
        can(user, Action.VIEW, drafts.noise)


def test_write_path_sees_a_role_granted_a_moment_ago(drafts):
    user = drafts.transport_coordinator
    roles(user)  # cached: no environment domain yet
    drafts.environment.coordinators.add(user)
    assert ValuePermissions.for_user(user).allows(drafts.pm10)


# Who may request which report, written out independently of the module: the kinds
# (REQUEST_REPORT with a kind's code, or none for "any at all") and what a domain report
# or an indicator sheet is about (REPORT_ON with the domain or the indicator). The same
# rules answered over HTTP, with nothing queued on refusal:
# stradom/reports/tests/test_request_views.py.
REPORT_ROLES = ["anonymous", "nobody", "administrator", "analyst", "coordinator", "provider"]
REQUESTS = {
    # kind: who may request it at all
    None: {"administrator", "analyst", "coordinator"},
    "monitoring": {"administrator", "analyst", "coordinator"},
    "domain": {"administrator", "analyst", "coordinator"},
    "indicator": {"administrator", "analyst", "coordinator"},
    "municipality": {"administrator", "analyst"},
}
REPORTS_ON = {
    # what the report is about (own: the environment coordinator's): who may make it
    "own domain": {"administrator", "analyst", "coordinator"},
    "foreign domain": {"administrator", "analyst"},
    "own indicator": {"administrator", "analyst", "coordinator"},
    "own draft indicator": {"administrator", "analyst", "coordinator"},
    "foreign indicator": {"administrator", "analyst"},
    # the provider is assigned PM10_AVG and NOISE: that makes no report theirs
}


def _report_user(w, role):
    return {
        "anonymous": AnonymousUser(),
        "nobody": User.objects.create_user("ewa"),
        "administrator": w.admin,
        "analyst": w.analyst,
        "coordinator": w.env_coordinator,
        "provider": w.provider,
    }[role]


@pytest.mark.parametrize("role", REPORT_ROLES)
def test_who_may_request_which_kind_of_report(drafts, role):
    user = _report_user(drafts, role)
    answers = {kind: can(user, Action.REQUEST_REPORT, kind) for kind in REQUESTS}
    assert answers == {kind: role in allowed for kind, allowed in REQUESTS.items()}


@pytest.mark.parametrize("role", REPORT_ROLES)
def test_who_may_report_on_which_domain_or_indicator(drafts, role):
    w = drafts
    user = _report_user(w, role)
    subjects = {
        "own domain": w.environment,
        "foreign domain": w.transport,
        "own indicator": w.pm10,
        "own draft indicator": w.noise,
        "foreign indicator": w.bikes,
    }
    answers = {name: can(user, Action.REPORT_ON, obj) for name, obj in subjects.items()}
    assert answers == {name: role in allowed for name, allowed in REPORTS_ON.items()}


def test_the_operator_at_the_command_line_may_make_every_report(drafts):
    assert can(None, Action.REQUEST_REPORT, "municipality")
    assert can(None, Action.REPORT_ON, drafts.transport)


def test_a_coordinator_who_lost_the_domain_may_no_longer_report_on_it(drafts):
    w = drafts
    w.environment.coordinators.remove(w.env_coordinator)
    fresh = User.objects.get(pk=w.env_coordinator.pk)  # roles are kept per user object
    assert not can(fresh, Action.REPORT_ON, w.environment)
    assert not can(fresh, Action.REQUEST_REPORT, "monitoring")


# The write paths of the other kinds of record (and the reading of survey microdata),
# written out independently of the module, role by role: "coordinator" is the
# environment coordinator (own: the environment domain; foreign: transport).
WRITE_ROLES = REPORT_ROLES + ["operator"]


def _write_user(w, role):
    return None if role == "operator" else _report_user(w, role)


MICRODATA = {"administrator", "analyst", "operator"}


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_who_may_read_survey_microdata(drafts, role):
    from stradom.surveys.tests.factories import questionnaire, wave

    user = _write_user(drafts, role)
    survey = questionnaire(drafts)
    subjects = {"any": None, "survey": survey, "wave": wave(survey)}
    answers = {name: can(user, Action.READ_MICRODATA, obj) for name, obj in subjects.items()}
    assert answers == dict.fromkeys(subjects, role in MICRODATA)


def test_microdata_rights_taken_away_count_at_once(drafts):
    analyst = drafts.analyst
    assert can(analyst, Action.READ_MICRODATA)
    analyst.groups.clear()  # the same user object: the roles kept on it are not trusted
    assert not can(analyst, Action.READ_MICRODATA)


def test_an_inactive_analyst_may_not_read_microdata(drafts):
    drafts.analyst.is_active = False
    drafts.analyst.save()
    assert not can(drafts.analyst, Action.READ_MICRODATA)


INSTRUMENTS = {
    # the instrument (its domain, its manager): who may manage it
    "own domain": {"administrator", "operator", "coordinator"},
    "foreign domain": {"administrator", "operator"},
    "foreign domain, managed by the provider": {"administrator", "operator", "provider"},
    "no domain, managed by the analyst": {"administrator", "operator", "analyst"},
    "no domain, no manager": {"administrator", "operator"},
}


@pytest.fixture
def instruments(drafts):
    from stradom.instruments.services import create_instrument

    w = drafts
    made = {}
    for i, (name, domain, manager) in enumerate(
        [
            ("own domain", w.environment, None),
            ("foreign domain", w.transport, None),
            ("foreign domain, managed by the provider", w.transport, w.provider),
            ("no domain, managed by the analyst", None, w.analyst),
            ("no domain, no manager", None, None),
        ]
    ):
        made[name] = create_instrument(
            actor=None,
            code=f"P{i}",
            kind="project",
            name_pl=name,
            domain=domain,
            manager=manager,
            reason="nowy instrument",
        )
    return made


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_who_may_manage_which_instrument(drafts, instruments, role):
    user = _write_user(drafts, role)
    answers = {name: can(user, Action.MANAGE_INSTRUMENT, obj) for name, obj in instruments.items()}
    assert answers == {name: role in allowed for name, allowed in INSTRUMENTS.items()}


def test_an_inactive_manager_may_not_manage_the_instrument(drafts, instruments):
    drafts.provider.is_active = False
    drafts.provider.save()
    project = instruments["foreign domain, managed by the provider"]
    assert not can(drafts.provider, Action.MANAGE_INSTRUMENT, project)


def test_a_domain_granted_a_moment_ago_counts_for_instruments(drafts, instruments):
    user = drafts.transport_coordinator
    assert not can(user, Action.MANAGE_INSTRUMENT, instruments["own domain"])
    drafts.environment.coordinators.add(user)  # the same user object, roles kept on it
    assert can(user, Action.MANAGE_INSTRUMENT, instruments["own domain"])


REGISTER_ENTRIES = {
    # the entry (or the move of one, old and new domain): who may write it
    "own resolution": {"administrator", "operator", "coordinator"},
    "foreign resolution": {"administrator", "operator"},
    "resolution of no domain": {"administrator", "operator"},
    "own civic-budget project": {"administrator", "operator", "coordinator"},
    "foreign civic-budget project": {"administrator", "operator"},
    "new entry in own domain": {"administrator", "operator", "coordinator"},
    "new entry in foreign domain": {"administrator", "operator"},
    "new entry of no domain": {"administrator", "operator"},
    "moved from own to foreign domain": {"administrator", "operator"},
    "moved from foreign to own domain": {"administrator", "operator"},
    # only the domains named count: an entry of no domain moved into one's own domain,
    # or one's own entry moved out of every domain, is the coordinator's
    "moved from no domain to own domain": {"administrator", "operator", "coordinator"},
    "moved from own domain to none": {"administrator", "operator", "coordinator"},
}


def _register_subjects(w):
    from stradom.registers.models import CivicBudgetProject, Resolution

    own, foreign = Resolution(domain=w.environment), Resolution(domain=w.transport)
    return {
        "own resolution": own,
        "foreign resolution": foreign,
        "resolution of no domain": Resolution(domain=None),
        "own civic-budget project": CivicBudgetProject(domain=w.environment),
        "foreign civic-budget project": CivicBudgetProject(domain=w.transport),
        "new entry in own domain": (None, w.environment),
        "new entry in foreign domain": (None, w.transport),
        "new entry of no domain": (None, None),
        "moved from own to foreign domain": (own, w.transport),
        "moved from foreign to own domain": (foreign, w.environment),
        "moved from no domain to own domain": (Resolution(domain=None), w.environment),
        "moved from own domain to none": (own, None),
    }


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_who_may_write_which_register_entry(drafts, role):
    user = _write_user(drafts, role)
    subjects = _register_subjects(drafts)
    answers = {name: can(user, Action.EDIT_REGISTER, obj) for name, obj in subjects.items()}
    assert answers == {name: role in allowed for name, allowed in REGISTER_ENTRIES.items()}


def test_a_domain_taken_a_moment_ago_counts_for_registers(drafts):
    from stradom.registers.models import Resolution

    user = drafts.env_coordinator
    entry = Resolution(domain=drafts.environment)
    assert can(user, Action.EDIT_REGISTER, entry)
    drafts.environment.coordinators.remove(user)  # the same user object, roles kept on it
    assert not can(user, Action.EDIT_REGISTER, entry)


BUDGET_TASKS = {
    # the task (or the domain a task is created in or moved to): who may change its money
    "own task": {"administrator", "operator", "coordinator"},
    "foreign task": {"administrator", "operator"},
    "task of no domain": {"administrator", "operator"},
    "own domain": {"administrator", "operator", "coordinator"},
    "foreign domain": {"administrator", "operator"},
    "no domain": {"administrator", "operator"},
}


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_who_may_change_the_money_of_which_budget_task(drafts, role):
    from stradom.finance.models import BudgetTask

    w = drafts
    user = _write_user(w, role)
    subjects = {
        "own task": BudgetTask(domain=w.environment),
        "foreign task": BudgetTask(domain=w.transport),
        "task of no domain": BudgetTask(domain=None),
        "own domain": w.environment,
        "foreign domain": w.transport,
        "no domain": None,
    }
    answers = {name: can(user, Action.EDIT_BUDGET_TASK, obj) for name, obj in subjects.items()}
    assert answers == {name: role in allowed for name, allowed in BUDGET_TASKS.items()}


def test_a_domain_granted_a_moment_ago_counts_for_budget_tasks(drafts):
    from stradom.finance.models import BudgetTask

    user = drafts.transport_coordinator
    task = BudgetTask(domain=drafts.environment)
    assert not can(user, Action.EDIT_BUDGET_TASK, task)
    drafts.environment.coordinators.add(user)  # the same user object, roles kept on it
    assert can(user, Action.EDIT_BUDGET_TASK, task)


def test_an_inactive_coordinator_may_change_no_budget_task_nor_register_entry(drafts):
    from stradom.finance.models import BudgetTask
    from stradom.registers.models import Resolution

    drafts.env_coordinator.is_active = False
    drafts.env_coordinator.save()
    user = drafts.env_coordinator
    assert not can(user, Action.EDIT_BUDGET_TASK, BudgetTask(domain=drafts.environment))
    assert not can(user, Action.EDIT_REGISTER, Resolution(domain=drafts.environment))


# Indicator metadata and strategy targets follow no domain: the administrators', and
# whoever the administrator gave Django's model permission in the admin ("granted"). A
# coordinator, a data provider or an analyst has no such right by that role alone.
EDIT_ROLES = WRITE_ROLES + ["granted", "granted but inactive"]


def _edit_user(w, role, *permissions):
    from django.contrib.auth.models import Permission

    if not role.startswith("granted"):
        return _write_user(w, role)
    user = User.objects.create_user("gustaw", is_active=role == "granted")
    for codename in permissions:
        app, code = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=code)
        )
    return user


INDICATOR_METADATA = {
    # the indicator: who may change it (a new one: who may add one)
    "own indicator": {"administrator", "operator", "granted"},
    "foreign indicator": {"administrator", "operator", "granted"},
    "indicator of no domain": {"administrator", "operator", "granted"},
    "new indicator": {"administrator", "operator"},  # "granted" may change, not add
    "no indicator (a new one)": {"administrator", "operator"},
}


@pytest.mark.parametrize("role", EDIT_ROLES)
def test_who_may_change_which_indicators_metadata(drafts, role):
    w = drafts
    user = _edit_user(w, role, "catalog.change_indicator")
    subjects = {
        "own indicator": w.pm10,
        "foreign indicator": w.bikes,
        "indicator of no domain": w.pop,
        "new indicator": Indicator(code="NEW", domain=w.environment),
        "no indicator (a new one)": None,
    }
    answers = {name: can(user, Action.EDIT_INDICATOR, obj) for name, obj in subjects.items()}
    assert answers == {name: role in allowed for name, allowed in INDICATOR_METADATA.items()}


def test_the_right_to_add_indicators_is_its_own(drafts):
    user = _edit_user(drafts, "granted", "catalog.add_indicator")
    assert can(user, Action.EDIT_INDICATOR)
    assert can(user, Action.EDIT_INDICATOR, Indicator(code="NEW"))
    assert not can(user, Action.EDIT_INDICATOR, drafts.pm10)


STRATEGY_TARGETS = {
    # the goal's indicator (or the goal a new one is added to): who may change it
    "target of an own indicator": {"administrator", "operator", "granted"},
    "target of a foreign indicator": {"administrator", "operator", "granted"},
    "goal": {"administrator", "operator", "granted"},
    "no goal (any target)": {"administrator", "operator", "granted"},
}


@pytest.fixture
def targets(drafts):
    from stradom.strategy.models import Goal, GoalIndicator, Strategy

    s = Strategy.objects.create(code="SRK", name_pl="Strategia", start_year=2018, end_year=2030)
    goal = Goal.objects.create(strategy=s, code="I.1", name_pl="Powietrze")
    return {
        "target of an own indicator": GoalIndicator.objects.create(
            goal=goal, indicator=drafts.pm10, territory=drafts.city
        ),
        "target of a foreign indicator": GoalIndicator.objects.create(
            goal=goal, indicator=drafts.bikes, territory=drafts.city
        ),
        "goal": goal,
        "no goal (any target)": None,
    }


@pytest.mark.parametrize("role", EDIT_ROLES)
def test_who_may_change_which_strategy_target(drafts, targets, role):
    user = _edit_user(drafts, role, "strategy.change_goalindicator")
    answers = {name: can(user, Action.EDIT_TARGET, obj) for name, obj in targets.items()}
    assert answers == {name: role in allowed for name, allowed in STRATEGY_TARGETS.items()}


def test_a_permission_taken_a_moment_ago_counts_for_targets_and_indicators(drafts, targets):
    user = _edit_user(
        drafts, "granted", "strategy.change_goalindicator", "catalog.change_indicator"
    )
    link = targets["target of an own indicator"]
    assert can(user, Action.EDIT_TARGET, link) and can(user, Action.EDIT_INDICATOR, drafts.pm10)
    user.user_permissions.clear()  # the same user object: Django kept what it read on it
    assert not can(user, Action.EDIT_TARGET, link)
    assert not can(user, Action.EDIT_INDICATOR, drafts.pm10)


STRATEGY_STRUCTURE = {
    # the strategy, its level or goal (none: a new strategy): who may change it, given
    # which permission in the admin
    "strategy": ("strategy.change_strategy", {"administrator", "operator", "granted"}),
    "level": ("strategy.change_strategy", {"administrator", "operator", "granted"}),
    "no strategy (a new one)": (
        "strategy.change_strategy",
        {"administrator", "operator", "granted"},
    ),
    "goal": ("strategy.change_goal", {"administrator", "operator", "granted"}),
    "new goal": ("strategy.change_goal", {"administrator", "operator", "granted"}),
    "goal, given the right to targets": (
        "strategy.change_goalindicator",
        {"administrator", "operator"},
    ),
    "strategy, given the right to goals": ("strategy.change_goal", {"administrator", "operator"}),
}


@pytest.mark.parametrize("role", EDIT_ROLES)
def test_who_may_change_the_structure_of_the_strategy(drafts, targets, role):
    from django.contrib.auth.models import Permission

    from stradom.strategy.models import Goal, StrategyLevel

    goal = targets["goal"]
    level = StrategyLevel.objects.create(strategy=goal.strategy, depth=1, name_pl="obszar")
    subjects = {
        "strategy": goal.strategy,
        "level": level,
        "no strategy (a new one)": None,
        "goal": goal,
        "new goal": Goal(strategy=goal.strategy, code="I.2"),
        "goal, given the right to targets": goal,
        "strategy, given the right to goals": goal.strategy,
    }
    user = _edit_user(drafts, role)
    answers = {}
    for name, obj in subjects.items():
        if role.startswith("granted"):
            app, codename = STRATEGY_STRUCTURE[name][0].split(".")
            user.user_permissions.set(
                [Permission.objects.get(content_type__app_label=app, codename=codename)]
            )
        answers[name] = can(user, Action.EDIT_STRATEGY, obj)
    assert answers == {name: role in allowed for name, (_p, allowed) in STRATEGY_STRUCTURE.items()}


def test_a_permission_taken_a_moment_ago_counts_for_the_strategy(drafts, targets):
    user = _edit_user(drafts, "granted", "strategy.change_strategy", "strategy.change_goal")
    goal = targets["goal"]
    assert can(user, Action.EDIT_STRATEGY, goal) and can(user, Action.EDIT_STRATEGY, goal.strategy)
    user.user_permissions.clear()
    assert not can(user, Action.EDIT_STRATEGY, goal)
    assert not can(user, Action.EDIT_STRATEGY, goal.strategy)


INSTRUMENTS_AS_A_WHOLE = {"administrator", "operator"}  # creating one, building networks


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_who_may_create_instruments_and_build_networks(drafts, role):
    assert can(_write_user(drafts, role), Action.MANAGE_INSTRUMENT) is (
        role in INSTRUMENTS_AS_A_WHOLE
    )


# The coordinators' commentary (stradom.commentary): who may write a comment on which
# record, and who may reply. "own" is the environment domain; the provider is assigned
# PM10_AVG and NOISE; goal "1" is above "1.1", which PM10_AVG measures.
COMMENTS = {
    "own indicator": {"administrator", "operator", "coordinator"},
    "own draft indicator": {"administrator", "operator", "coordinator"},
    "foreign indicator": {"administrator", "operator"},
    "foreign draft indicator": {"administrator", "operator"},
    "goal measured by an own indicator": {"administrator", "operator", "coordinator"},
    "goal above it": {"administrator", "operator", "coordinator"},
    "goal measured by a foreign indicator": {"administrator", "operator"},
    "goal of no indicator": {"administrator", "operator"},
    "instrument of the own domain": {"administrator", "operator", "coordinator"},
    # its manager manages it, but the commentary is the domain's coordinators'
    "instrument of a foreign domain, managed by the provider": {"administrator", "operator"},
    "instrument of no domain": {"administrator", "operator"},
}
OFFICE = {"administrator", "operator", "analyst", "coordinator", "provider"}
REPLIES = {
    "own indicator": OFFICE,
    "own draft indicator": OFFICE,  # the provider is assigned it
    "foreign indicator": OFFICE,  # published
    "foreign draft indicator": {"administrator", "operator", "analyst"},  # unseen by others
    "goal measured by an own indicator": OFFICE,
    "goal above it": OFFICE,
    "goal measured by a foreign indicator": OFFICE,
    "goal of no indicator": OFFICE,
    "instrument of the own domain": OFFICE,
    "instrument of a foreign domain, managed by the provider": OFFICE,
    "instrument of no domain": OFFICE,
}


@pytest.fixture
def commented(drafts, instruments):
    from stradom.strategy.models import Goal, GoalIndicator, Strategy

    w = drafts
    s = Strategy.objects.create(code="SRK", name_pl="Strategia", start_year=2018, end_year=2030)
    top = Goal.objects.create(strategy=s, code="1", name_pl="Środowisko")
    air = Goal.objects.create(strategy=s, code="1.1", name_pl="Powietrze", parent=top)
    bikes = Goal.objects.create(strategy=s, code="2", name_pl="Rowery")
    empty = Goal.objects.create(strategy=s, code="3", name_pl="Kultura")
    GoalIndicator.objects.create(goal=air, indicator=w.pm10, territory=w.city)
    GoalIndicator.objects.create(goal=bikes, indicator=w.bikes, territory=w.city)
    return {
        "own indicator": w.pm10,
        "own draft indicator": w.noise,
        "foreign indicator": w.bikes,
        "foreign draft indicator": w.trams,
        "goal measured by an own indicator": air,
        "goal above it": top,
        "goal measured by a foreign indicator": bikes,
        "goal of no indicator": empty,
        "instrument of the own domain": instruments["own domain"],
        "instrument of a foreign domain, managed by the provider": instruments[
            "foreign domain, managed by the provider"
        ],
        "instrument of no domain": instruments["no domain, no manager"],
    }


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_who_may_comment_on_which_record(drafts, commented, role):
    user = _write_user(drafts, role)
    answers = {name: can(user, Action.COMMENT, obj) for name, obj in commented.items()}
    assert answers == {name: role in allowed for name, allowed in COMMENTS.items()}


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_who_may_reply_to_the_commentary_on_which_record(drafts, commented, role):
    user = _write_user(drafts, role)
    answers = {name: can(user, Action.REPLY, obj) for name, obj in commented.items()}
    assert answers == {name: role in allowed for name, allowed in REPLIES.items()}


def test_a_domain_taken_a_moment_ago_counts_for_comments(drafts, commented):
    user = drafts.env_coordinator
    assert can(user, Action.COMMENT, commented["goal above it"])
    drafts.environment.coordinators.remove(user)  # the same user object, roles kept on it
    assert not can(user, Action.COMMENT, commented["goal above it"])
    assert not can(user, Action.COMMENT, commented["own indicator"])


INSTRUMENTS_IN_A_DOMAIN = {
    # the domain a new instrument is created in: who may create it there
    "own domain": {"administrator", "operator", "coordinator"},
    "foreign domain": {"administrator", "operator"},
}


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_who_may_create_an_instrument_in_which_domain(drafts, role):
    user = _write_user(drafts, role)
    domains = {"own domain": drafts.environment, "foreign domain": drafts.transport}
    answers = {name: can(user, Action.MANAGE_INSTRUMENT, d) for name, d in domains.items()}
    assert answers == {name: role in who for name, who in INSTRUMENTS_IN_A_DOMAIN.items()}


# Every action of the policy has its role-by-role table above (or, for the indicator
# actions, in stradom/workspace/tests/test_permission_matrix.py over HTTP and here at
# the function level): a new action without one fails here.
TABLES = {
    Action.VIEW: "test_permission_matrix (workspace), test_*_sees_*",
    Action.VIEW_HISTORY: "test_permission_matrix (workspace)",
    Action.ENTER_VALUES: "test_permission_matrix (workspace)",
    Action.USE_WORKSPACE: "test_permission_matrix (workspace)",
    Action.REQUEST_REPORT: "REQUESTS",
    Action.REPORT_ON: "REPORTS_ON",
    Action.EDIT_BUDGET_TASK: "BUDGET_TASKS",
    Action.EDIT_REGISTER: "REGISTER_ENTRIES",
    Action.MANAGE_INSTRUMENT: "INSTRUMENTS, INSTRUMENTS_AS_A_WHOLE, INSTRUMENTS_IN_A_DOMAIN",
    Action.READ_MICRODATA: "MICRODATA",
    Action.EDIT_INDICATOR: "INDICATOR_METADATA",
    Action.EDIT_TARGET: "STRATEGY_TARGETS",
    Action.EDIT_STRATEGY: "STRATEGY_STRUCTURE",
    Action.COMMENT: "COMMENTS",
    Action.REPLY: "REPLIES",
    Action.SUBMIT_VALUES: "APPROVAL_SUBJECTS",
    Action.APPROVE_VALUES: "APPROVAL_SUBJECTS",
    Action.LOCK_PERIODS: "APPROVAL_SUBJECTS",
}


def test_every_action_has_its_table():
    assert set(TABLES) == set(Action)


# Data approval: (action, subject) → who may. ``own`` subjects are the environment
# coordinator's domain; the provider is assigned PM10_AVG and NOISE.
APPROVAL_SUBJECTS = {
    (Action.SUBMIT_VALUES, "own published"): {
        "administrator",
        "operator",
        "coordinator",
        "provider",
    },
    (Action.SUBMIT_VALUES, "own draft"): {"administrator", "operator", "coordinator", "provider"},
    (Action.SUBMIT_VALUES, "foreign"): {"administrator", "operator"},
    (Action.SUBMIT_VALUES, "no domain"): {"administrator", "operator"},
    (Action.APPROVE_VALUES, "own published"): {"administrator", "operator", "coordinator"},
    (Action.APPROVE_VALUES, "own draft"): {"administrator", "operator", "coordinator"},
    (Action.APPROVE_VALUES, "foreign"): {"administrator", "operator"},
    (Action.APPROVE_VALUES, "no domain"): {"administrator", "operator"},
    (Action.LOCK_PERIODS, "own domain"): {"administrator", "operator"},
    (Action.LOCK_PERIODS, "all domains"): {"administrator", "operator"},
}


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_who_may_submit_approve_and_lock(drafts, role):
    w = drafts
    user = _write_user(w, role)
    subjects = {
        "own published": w.pm10,
        "own draft": w.noise,
        "foreign": w.bikes,
        "no domain": w.pop,
        "own domain": w.environment,
        "all domains": None,
    }
    answers = {
        (action, name): can(user, action, subjects[name]) for action, name in APPROVAL_SUBJECTS
    }
    assert answers == {key: role in allowed for key, allowed in APPROVAL_SUBJECTS.items()}


def test_approval_rights_taken_away_count_at_once(drafts):
    w = drafts
    assert can(w.env_coordinator, Action.APPROVE_VALUES, w.pm10)
    w.environment.coordinators.remove(w.env_coordinator)
    assert not can(w.env_coordinator, Action.APPROVE_VALUES, w.pm10)
    assert not can(w.env_coordinator, Action.SUBMIT_VALUES, w.pm10)
