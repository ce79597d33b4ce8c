"""Every write to the registers: one function per change, the same for the admin,
the import, the demo and code.

``check_resolution`` / ``check_project`` check permission and validate (nothing is
written); ``save_resolution`` / ``save_project`` check, write inside one
transaction and keep the history of every field that changed in
:class:`~stradom.registers.models.RegisterChange` (who, when, old, new, why);
``delete_resolution`` / ``delete_project`` remove an entry and keep its history.
Bad input raises :class:`RegisterError` naming the entry and the field, and
nothing is written.

Who may write (``stradom.accounts.permissions``, ``Action.EDIT_REGISTER``): an administrator (or the
operator at the command line, ``actor=None``) everything; a domain coordinator
the entries of own domains (an entry moved between domains needs both). An entry
of no domain is the administrators'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from stradom.accounts.permissions import Action, can
from stradom.core.formatting import day
from stradom.core.history import record_deletion, save_tracked
from stradom.core.messages import StradomError, gettext_noop
from stradom.finance.core.money import to_money
from stradom.registers.models import (
    NOT_VOTED,
    VOTED,
    CivicBudgetProject,
    ProjectStatus,
    RegisterChange,
    Resolution,
    ResolutionStatus,
)
from stradom.territory.models import TerritoryKind

RESOLUTION_FIELDS = (
    "term", "number", "adopted_on", "title", "unit", "domain", "status", "note", "illustrative",
)  # fmt: skip
PROJECT_FIELDS = (
    "edition", "code", "title", "district", "domain", "cost", "votes", "status", "note",
    "illustrative",
)  # fmt: skip
MAX_COST = Decimal(10) ** 12  # DecimalField(max_digits=14, decimal_places=2)
FIRST_EDITION, LAST_EDITION = 2000, 2100
TITLE_LIMIT, NOTE_LIMIT = 2000, 5000

# Session (Roman, or digits where a council numbers sessions so) / resolution number /
# year (two or four digits): XCIV/2449/18, LXX/1234/2021, 12/345/2024.
_NUMBER = re.compile(r"(?P<session>[IVXLCDM]+|\d{1,4})/(?P<number>\d{1,6})/(?P<year>\d{2}|\d{4})")
_NUMBER_PREFIX = re.compile(r"^(uchwała\s+)?(nr|no)\.?\s*", re.IGNORECASE)


class RegisterError(StradomError):
    """One reason a change to a register was refused; ``field`` names the input at fault."""

    def __init__(self, template: str, *, field: str = "", **params: Any) -> None:
        self.field = field
        super().__init__(template, **params)


@dataclass
class Saved:
    entry: Resolution | CivicBudgetProject
    created: bool = False
    changed: list[str] = field(default_factory=list)


# -- shared field checks ------------------------------------------------------------------------
def _long(text: str, name: str, limit: int) -> None:
    if len(text) > limit:
        raise RegisterError(
            gettext_noop("The %(field)s is %(length)s characters long; at most %(limit)s."),
            field=name,
            length=len(text),
            limit=limit,
        )


def _strip(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _instance_of(value: Any, model_path: str, name: str):
    """A linked record or None; anything else is a programming error, not bad input."""
    from django.apps import apps

    model = apps.get_model(model_path)
    if value is not None and not isinstance(value, model):
        raise TypeError(f"{name} must be a {model.__name__} or None, not {value!r}")
    return value


def _merge(instance, fields: tuple[str, ...], values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    current = {name: getattr(instance, name) for name in fields} if instance else {}
    return {**current, **values}


_REFUSED = gettext_noop(
    "You may not change %(entry)s: only an administrator or the coordinator of its domain may."
)


# -- resolutions ------------------------------------------------------------------------------
def normalise_number(text: str) -> str:
    """``Nr XCIV / 2449 / 18`` → ``XCIV/2449/18`` (the form the register keeps)."""
    text = _NUMBER_PREFIX.sub("", _strip(text))
    return re.sub(r"\s*/\s*", "/", text).upper()


def check_resolution(
    values: Mapping[str, Any], *, instance: Resolution | None = None, actor=None
) -> dict[str, Any]:
    """The resolution's fields, cleaned; raise :class:`RegisterError` for the first problem."""
    data = _merge(instance, RESOLUTION_FIELDS, values)
    number = data["number"] = normalise_number(data.get("number"))
    if not number:
        raise RegisterError(gettext_noop("A resolution needs a number."), field="number")
    match = _NUMBER.fullmatch(number)
    if match is None or len(number) > 40:
        raise RegisterError(
            gettext_noop(
                "Resolution %(number)s: the number is not in the form session/number/year, "
                "e.g. XCIV/2449/18 or LXX/1234/2021."
            ),
            field="number",
            number=number,
        )
    term = data["term"] = _strip(data.get("term"))
    if not term or len(term) > 20:
        raise RegisterError(
            gettext_noop(
                "Resolution %(number)s: give the council term it was adopted in (at most 20 "
                "characters, e.g. 2014–2018)."
            ),
            field="term",
            number=number,
        )
    adopted = data.get("adopted_on")
    if not isinstance(adopted, date):
        raise RegisterError(
            gettext_noop("Resolution %(number)s: the date adopted is missing."),
            field="adopted_on",
            number=number,
        )
    if adopted > timezone.localdate():
        raise RegisterError(
            gettext_noop("Resolution %(number)s: the date adopted %(date)s is in the future."),
            field="adopted_on",
            number=number,
            date=day(adopted),  # 07.02.2018 in Polish, as pages show dates
        )
    year = match["year"]
    if str(adopted.year)[-len(year) :] != year:
        raise RegisterError(
            gettext_noop(
                "Resolution %(number)s: the number ends in the year %(year)s but the "
                "resolution was adopted on %(date)s."
            ),
            field="adopted_on",
            number=number,
            year=year,
            date=day(adopted),  # 07.02.2018 in Polish, as pages show dates
        )
    data["title"] = _strip(data.get("title"))
    if not data["title"]:
        raise RegisterError(
            gettext_noop("Resolution %(number)s: the title is empty."), field="title", number=number
        )
    _long(data["title"], "title", TITLE_LIMIT)
    data["note"] = _strip(data.get("note"))
    _long(data["note"], "note", NOTE_LIMIT)
    data["unit"] = _instance_of(data.get("unit"), "finance.Unit", "unit")
    data["domain"] = _instance_of(data.get("domain"), "catalog.Domain", "domain")
    if data["domain"] is None and data["unit"] is not None:
        data["domain"] = data["unit"].domain
    data["status"] = data.get("status") or ResolutionStatus.TO_EXECUTE
    if data["status"] not in ResolutionStatus.values:
        raise RegisterError(
            gettext_noop(
                "Resolution %(number)s: unknown execution status %(value)r (one of: %(allowed)s)."
            ),
            field="status",
            number=number,
            value=data["status"],
            allowed=", ".join(ResolutionStatus.values),
        )
    data["illustrative"] = bool(data.get("illustrative", False))
    clash = Resolution.objects.filter(term=term, number=number)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise RegisterError(
            gettext_noop(
                "Resolution %(number)s of council term %(term)s is already in the register."
            ),
            field="number",
            number=number,
            term=term,
        )
    if not can(actor, Action.EDIT_REGISTER, (instance, data["domain"])):
        raise RegisterError(_REFUSED, field="actor", entry=number)
    return data


def save_resolution(
    values: Mapping[str, Any],
    *,
    instance: Resolution | None = None,
    actor=None,
    reason: str,
    channel: str = "service",
) -> Saved:
    """Add a resolution (``instance=None``) or change one; keep the history."""
    reason = _reason(reason)
    data = check_resolution(values, instance=instance, actor=actor)
    return _save(Resolution, instance, data, actor=actor, reason=reason, channel=channel)


def delete_resolution(resolution: Resolution, *, actor=None, reason: str, channel="service"):
    reason = _reason(reason)
    if not can(actor, Action.EDIT_REGISTER, resolution):
        raise RegisterError(_REFUSED, field="actor", entry=resolution.number)
    _delete(resolution, RESOLUTION_FIELDS, actor=actor, reason=reason, channel=channel)


# -- civic-budget projects ----------------------------------------------------------------------
def check_project(
    values: Mapping[str, Any], *, instance: CivicBudgetProject | None = None, actor=None
) -> dict[str, Any]:
    """The project's fields, cleaned; raise :class:`RegisterError` for the first problem."""
    data = _merge(instance, PROJECT_FIELDS, values)
    code = data["code"] = _strip(data.get("code"))
    if not code:
        raise RegisterError(gettext_noop("A civic-budget project needs a number."), field="code")
    _long(code, "code", 40)
    edition = data.get("edition")
    if isinstance(edition, bool) or not isinstance(edition, int):
        raise RegisterError(
            gettext_noop("Project %(code)s: the edition must be a year, not %(value)r."),
            field="edition",
            code=code,
            value=edition,
        )
    who = {"code": code, "edition": edition}
    if not FIRST_EDITION <= edition <= LAST_EDITION:
        raise RegisterError(
            gettext_noop(
                "Project %(code)s: the edition %(edition)s is not a year from %(first)s "
                "to %(last)s."
            ),
            field="edition",
            first=FIRST_EDITION,
            last=LAST_EDITION,
            **who,
        )
    data["title"] = _strip(data.get("title"))
    if not data["title"]:
        raise RegisterError(
            gettext_noop("Project %(code)s (%(edition)s): the title is empty."),
            field="title",
            **who,
        )
    _long(data["title"], "title", 500)
    data["note"] = _strip(data.get("note"))
    _long(data["note"], "note", NOTE_LIMIT)
    district = _instance_of(data.get("district"), "territory.Territory", "district")
    if district is not None and district.kind != TerritoryKind.SUBMUNICIPAL:
        raise RegisterError(
            gettext_noop(
                "Project %(code)s (%(edition)s): %(territory)s is not a district (sub-municipal "
                "unit); leave the district empty for a city-wide project."
            ),
            field="district",
            territory=district.name,
            **who,
        )
    data["domain"] = _instance_of(data.get("domain"), "catalog.Domain", "domain")
    data["cost"] = _cost(data.get("cost"), who)
    status = data["status"] = data.get("status") or ProjectStatus.SUBMITTED
    if status not in ProjectStatus.values:
        raise RegisterError(
            gettext_noop(
                "Project %(code)s (%(edition)s): unknown status %(value)r (one of: %(allowed)s)."
            ),
            field="status",
            value=status,
            allowed=", ".join(ProjectStatus.values),
            **who,
        )
    votes = data.get("votes")
    if votes is not None and (isinstance(votes, bool) or not isinstance(votes, int) or votes < 0):
        raise RegisterError(
            gettext_noop(
                "Project %(code)s (%(edition)s): the votes must be a whole number of 0 or "
                "more, not %(value)r."
            ),
            field="votes",
            value=votes,
            **who,
        )
    if votes is not None and status in NOT_VOTED:
        raise RegisterError(
            gettext_noop(
                "Project %(code)s (%(edition)s): a project that was not put to the vote has "
                "no votes."
            ),
            field="votes",
            **who,
        )
    if votes is None and status in VOTED:
        raise RegisterError(
            gettext_noop(
                "Project %(code)s (%(edition)s): the project has been through the vote; "
                "give its votes."
            ),
            field="votes",
            **who,
        )
    data["illustrative"] = bool(data.get("illustrative", False))
    clash = CivicBudgetProject.objects.filter(edition=edition, code=code)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise RegisterError(
            gettext_noop("Project %(code)s (%(edition)s) is already in the register."),
            field="code",
            **who,
        )
    if not can(actor, Action.EDIT_REGISTER, (instance, data["domain"])):
        raise RegisterError(_REFUSED, field="actor", entry=f"{code} ({edition})")
    return data


def _cost(value: Any, who: dict) -> Decimal:
    if value is None or isinstance(value, float | bool) or not isinstance(value, Decimal | int):
        raise RegisterError(
            gettext_noop(
                "Project %(code)s (%(edition)s): the cost must be an amount in zł, not %(value)r."
            ),
            field="cost",
            value=value,
            **who,
        )
    try:
        amount = to_money(value, "cost")
    except StradomError:
        raise RegisterError(
            gettext_noop(
                "Project %(code)s (%(edition)s): the cost %(value)s has a fraction of a grosz."
            ),
            field="cost",
            value=value,
            **who,
        ) from None
    if amount < 0 or amount >= MAX_COST:
        raise RegisterError(
            gettext_noop(
                "Project %(code)s (%(edition)s): the cost %(value)s zł is negative or too large."
            ),
            field="cost",
            value=amount,
            **who,
        )
    return amount


def save_project(
    values: Mapping[str, Any],
    *,
    instance: CivicBudgetProject | None = None,
    actor=None,
    reason: str,
    channel: str = "service",
) -> Saved:
    """Add a civic-budget project (``instance=None``) or change one; keep the history."""
    reason = _reason(reason)
    data = check_project(values, instance=instance, actor=actor)
    return _save(CivicBudgetProject, instance, data, actor=actor, reason=reason, channel=channel)


def delete_project(project: CivicBudgetProject, *, actor=None, reason: str, channel="service"):
    reason = _reason(reason)
    if not can(actor, Action.EDIT_REGISTER, project):
        raise RegisterError(_REFUSED, field="actor", entry=f"{project.code} ({project.edition})")
    _delete(project, PROJECT_FIELDS, actor=actor, reason=reason, channel=channel)


# -- writing and history ------------------------------------------------------------------------
def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RegisterError(
            gettext_noop("Say why the register changes (a reason)."), field="reason"
        )
    return reason


@transaction.atomic
def _save(model, instance, data: dict, *, actor, reason: str, channel: str) -> Saved:
    obj, changed = save_tracked(
        RegisterChange, model, instance, data, actor=actor, reason=reason, channel=channel
    )
    if instance is not None and not changed:
        return Saved(obj)
    return Saved(obj, created=instance is None, changed=changed)


def _delete(obj, fields, *, actor, reason: str, channel: str) -> None:
    # Public pages and the API show the registers: record_deletion raises the data version.
    record_deletion(RegisterChange, obj, fields, actor=actor, reason=reason, channel=channel)
