"""What every write of instruments shares: the refusal, the permission checks, a
required reason (the policy is in the package's docstring)."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from stradom.accounts.permissions import Action, can
from stradom.core.messages import StradomError, Term, gettext_noop
from stradom.instruments.models import (
    Instrument,
    InstrumentKind,
)


def kind_term(code: str) -> Term:
    """The kind's label as a message parameter, translated when the message is shown (a
    code inside a Polish sentence would read "instrument rodzaju „project”")."""
    with translation.override("en"):
        return Term(str(InstrumentKind(code).label))


class Refused(StradomError):
    """The actor may not make this change; nothing was written."""


# -- permission -------------------------------------------------------------------------------
def require_administrator(actor) -> None:
    """Creating instruments and building networks: ``MANAGE_INSTRUMENT`` on no instrument
    in particular, which is the administrators'."""
    if not can(actor, Action.MANAGE_INSTRUMENT):
        raise Refused(gettext_noop("Only an administrator may do this."))


def require_manager(actor, instrument: Instrument) -> None:
    if not can(actor, Action.MANAGE_INSTRUMENT, instrument):
        raise Refused(
            gettext_noop(
                "Only the manager of %(instrument)s, a coordinator of its domain or an "
                "administrator may change it."
            ),
            instrument=instrument.code,
        )


def reversed_dates(start: date | None, end: date | None) -> bool:
    return start is not None and end is not None and end < start


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop("Say why the instrument changes (a reason); it is kept in the history.")
        )
    return reason
