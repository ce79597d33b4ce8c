"""What the one write path of values asks of locked periods and approvals.

:class:`ObservationWriter` keeps one :class:`WriteGuard` and calls it at three
places, per chunk (never per stored row):

* before it writes a chunk: :meth:`refuse_locked` names every row that would create
  or change a value in a locked period (a problem on the row's ``period`` field, with
  its line), and the writer then writes nothing (all or nothing, as for any problem);
  :meth:`refuse_locked_delete` does the same for a deletion;
* before the column-wise path takes a batch: :meth:`columns_need_rows` answers
  ``True`` when the batch may touch a locked period or values under approval, so the
  batch goes through the per-row path, which knows which rows are new or changed;
* after it wrote a chunk: :meth:`values_changed` sends the (indicator, period) pairs
  whose values changed back to provisional.

The active locks are read once per writer (a handful of rows); the approvals once per
indicator and writer. A lock made while a long import runs applies to the next write.
"""

from __future__ import annotations

from collections.abc import Iterable

from stradom.core.messages import gettext_noop
from stradom.core.periods import Period, PeriodError, parse_period

LOCKED_FOR_DOMAIN = gettext_noop(
    "%(period)s lies in %(locked)s, which is locked for the domain %(domain)s "
    "(%(reason)s); no value in it may change until an administrator unlocks it"
)
LOCKED_FOR_ALL = gettext_noop(
    "%(period)s lies in %(locked)s, which is locked for all domains (%(reason)s); "
    "no value in it may change until an administrator unlocks it"
)


class WriteGuard:
    def __init__(self) -> None:
        self._locks: list | None = None
        self._verdicts: dict[tuple[int | None, str], object] = {}
        self._held: dict[int, set[str]] = {}  # indicator id → periods not provisional
        self._parsed: dict[str, Period | None] = {}

    # -- locks ------------------------------------------------------------------------
    def locks(self) -> list:
        if self._locks is None:
            from stradom.approval.models import PeriodLock

            self._locks = list(PeriodLock.objects.filter(active=True).select_related("domain"))
        return self._locks

    def lock_for(self, domain_id: int | None, period: Period):
        """The active lock a value of ``period`` in ``domain_id`` lies in, or None."""
        key = (domain_id, period.code)
        if key not in self._verdicts:
            self._verdicts[key] = next(
                (
                    lock
                    for lock in self.locks()
                    if (lock.domain_id is None or lock.domain_id == domain_id)
                    and lock.period_start <= period.start
                    and period.end <= lock.period_end
                ),
                None,
            )
        return self._verdicts[key]

    def refuse_locked(self, writer, rows: Iterable) -> None:
        """A problem for each row (the writer's ``_Row``) lying in a locked period."""
        if not self.locks():
            return
        for row in rows:
            lock = self.lock_for(row.indicator.domain_id, row.period)
            if lock is not None:
                self._refuse(writer, row.inp.line, row.period, lock, row.inp)

    def refuse_locked_delete(self, writer, indicator, period: Period) -> bool:
        lock = self.lock_for(indicator.domain_id, period) if self.locks() else None
        if lock is None:
            return False
        self._refuse(writer, None, period, lock, None)
        return True

    @staticmethod
    def _refuse(writer, line, period: Period, lock, inp) -> None:
        params = {"period": period.code, "locked": lock.period, "reason": lock.reason}
        if lock.domain is None:
            writer._problem(line, "period", LOCKED_FOR_ALL, params, inp)
        else:
            params["domain"] = lock.domain.name
            writer._problem(line, "period", LOCKED_FOR_DOMAIN, params, inp)

    # -- approvals ----------------------------------------------------------------------
    def held(self, indicator_ids: Iterable[int]) -> dict[int, set[str]]:
        """The periods of each indicator whose approval is not provisional."""
        wanted = set(indicator_ids) - self._held.keys()
        if wanted:
            from stradom.approval.models import Approval, ApprovalStatus

            for ind_id in wanted:
                self._held[ind_id] = set()
            for ind_id, period in (
                Approval.objects.filter(indicator_id__in=wanted)
                .exclude(status=ApprovalStatus.PROVISIONAL)
                .values_list("indicator_id", "period")
            ):
                self._held[ind_id].add(period)
        return self._held

    def values_changed(self, writer, keys: Iterable[tuple]) -> None:
        """Send back to provisional the approvals of the (indicator id, territory id,
        period, dims) ``keys`` just created, changed or deleted."""
        pairs = {(k[0], k[2]) for k in keys}
        held = self.held({ind for ind, _ in pairs})
        reopened = {(ind, period) for ind, period in pairs if period in held[ind]}
        if not reopened:
            return
        from stradom.approval.services import reopen

        reopen(
            reopened,
            actor=writer._user(),
            reason=writer.reason,
            channel=writer.channel,
            change_set=writer.change_set(),
        )
        for ind, period in reopened:
            held[ind].discard(period)

    # -- the column-wise path ---------------------------------------------------------------
    def columns_need_rows(self, writer, batch) -> bool:
        """May the batch (``ObservationColumns``) touch a locked period or values under
        approval? Answered from the batch's distinct codes (the codes' cross product, so
        ``True`` may be too careful, never wrong)."""
        indicator_codes = batch.indicator.dictionary.to_pylist()
        writer._prefetch_codes(set(indicator_codes), set())
        indicators = [writer._indicators.get(code) for code in indicator_codes]
        indicators = [i for i in indicators if i is not None]
        locks = self.locks()
        held = self.held(i.pk for i in indicators)
        if not locks and not any(held[i.pk] for i in indicators):
            return False
        periods = [self._period(code) for code in batch.period.dictionary.to_pylist()]
        periods = [p for p in periods if p is not None]
        for indicator in indicators:
            if held[indicator.pk] and any(p.code in held[indicator.pk] for p in periods):
                return True
            if locks and any(self.lock_for(indicator.domain_id, p) for p in periods):
                return True
        return False

    def _period(self, code: str) -> Period | None:
        if code not in self._parsed:
            try:
                self._parsed[code] = parse_period(code)
            except PeriodError:
                self._parsed[code] = None  # the column path sends such a batch to the rows
        return self._parsed[code]
