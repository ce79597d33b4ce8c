"""Every write of money: budget tasks, their goal shares and months, WPF versions.

One function per change. Each checks permission, validates with the plain
cores (:mod:`stradom.finance.core`), writes inside one transaction and keeps
the history of every amount and link that changed in :class:`MoneyChange`
(who, when, old, new, why). Bad input raises :class:`FinanceError` (one
problem) or :class:`FinanceRefused` (a list, for whole tables and files) and
nothing is written. Execution above the plan is not refused (it happens and
must be shown); the functions return such warnings.

``actor=None`` is the operator at the command line (full rights). Otherwise an
administrator may change everything; a domain coordinator may change the
budget tasks of own domains; WPF versions belong to administrators.
"""

from stradom.finance.services.common import (
    MONEY_FIELDS,
    FinanceError,
    FinanceRefused,
    Problem,
    TaskResult,
    check_classification,
    money,
    over_plan_warnings,
)
from stradom.finance.services.tasks import (
    create_budget_task,
    record_execution,
    set_monthly_plan,
    update_budget_task,
)
from stradom.finance.services.wpf import (
    CellChange,
    UndertakingChange,
    UndertakingInput,
    amend_wpf_version,
    compare_annex2,
    compare_tables,
    create_wpf_version,
    row_sort_key,
    undertaking_inputs,
)

__all__ = [
    "MONEY_FIELDS",
    "CellChange",
    "FinanceError",
    "FinanceRefused",
    "Problem",
    "TaskResult",
    "UndertakingChange",
    "UndertakingInput",
    "amend_wpf_version",
    "check_classification",
    "compare_annex2",
    "compare_tables",
    "create_budget_task",
    "create_wpf_version",
    "money",
    "over_plan_warnings",
    "record_execution",
    "row_sort_key",
    "set_monthly_plan",
    "undertaking_inputs",
    "update_budget_task",
]
