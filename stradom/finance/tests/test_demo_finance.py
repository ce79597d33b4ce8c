"""The demo's money (an illustrative example), loaded on a small world rather than the full demo."""

from decimal import Decimal

import pytest

from stradom.demo.finance import WPF_CODE, load_finance
from stradom.demo.loader import DemoReport
from stradom.finance.models import BudgetTask, MoneyChange, WpfVersion
from stradom.finance.queries import check_version, summary

D = Decimal


@pytest.fixture
def srk2030(world):
    from stradom.strategy.models import Goal, Strategy

    strategy = Strategy.objects.create(
        code="SRK2030", name_pl="Strategia Rozwoju Krakowa", start_year=2018, end_year=2030
    )
    made = {}
    for code, parent in [("IV", None), ("IV.3", "IV"), ("IV.4", "IV"), ("IV.5", "IV"),
                         ("IV.6", "IV"), ("V", None), ("V.1", "V"), ("V.3", "V"), ("VI", None),
                         ("VI.1", "VI"), ("VI.1.1", "VI.1"), ("VI.2", "VI")]:  # fmt: skip
        parent_goal = made.get(parent)
        made[code] = Goal.objects.create(
            strategy=strategy,
            code=code,
            name_pl=code,
            parent=parent_goal,
            depth=1 if parent_goal is None else parent_goal.depth + 1,
        )
    return strategy


def test_demo_money_is_illustrative_closes_and_answers_goal_iv3(srk2030):
    load_finance(None, DemoReport())
    tasks = BudgetTask.objects.filter(year=2026)
    assert tasks.count() == 11
    assert not tasks.filter(illustrative=False).exists()
    version = WpfVersion.objects.get(code=WPF_CODE)
    assert version.illustrative
    check = check_version(version)
    assert check.sums_close and check.breaks_debt_rules == [] and check.annex_mismatches == []
    assert [y.year for y in check.art243 if y.breaks_limit is False] == list(range(2026, 2036))

    iv3 = summary(year=2026, by="goal", strategy=srk2030).row("IV.3")
    # NE-01 (100 %): 42 500 000.00 planned, 25 900 000.00 paid over ten months;
    # NE-02 (80 %): 2 000 000.00 and 1 369 876.54 (1 712 345.67 × 0.8 = …536, the grosz
    # left over goes to the larger remainder, IV.3); ZIE-01 (60 %): 37 950 000.30 and
    # 29 925 925.93 (49 876 543.21 × 0.6 = …592.6, rounded up by the same rule).
    assert iv3.planned_after_changes == D("82450000.30")
    assert iv3.spent == D("57195802.47")
    assert iv3.remaining == D("25254197.83")

    before = (BudgetTask.objects.count(), WpfVersion.objects.count(), MoneyChange.objects.count())
    load_finance(None, DemoReport())  # a second load changes nothing
    assert (
        BudgetTask.objects.count(),
        WpfVersion.objects.count(),
        MoneyChange.objects.count(),
    ) == before
