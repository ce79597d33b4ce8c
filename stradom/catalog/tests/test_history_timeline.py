"""Each value's timeline, derived from change sets and revisions, against an independent oracle.

Random sequences of writes and deletions go through every channel — the entry form, a
file import, the API, the command line, the demo loader, survey estimation — and a
computed indicator follows one of the inputs (recomputation, channel ``computed``).
The oracle is a plain list per value of what the history must say: created with v,
updated from v to w, deleted, by whom, through which channel, why. The history
(``ObservationChange``) must list exactly that, value by value, oldest first.
"""

from __future__ import annotations

import hashlib
import tempfile
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stradom.catalog.models import ChangeSet, Indicator, Observation, ObservationChange
from stradom.catalog.services import (
    ObservationInput,
    delete_observations,
    set_computation,
    write_observations,
)
from stradom.core.channels import import_reason, recomputed_reason
from stradom.core.numbers import plain
from stradom.ingest.services import import_file

CHANNELS = ["form", "import", "api", "command", "demo", "survey"]
# (indicator, territory, period, dimensions); the first two are the computed one's inputs.
KEYS = [
    ("PM10_AVG", "1261011", "2019", ()),
    ("PM10_AVG", "1261011", "2020", ()),
    ("POP", "1261011-01", "2020", (("sex", "F"),)),
]
SIGNED = {"form", "import", "api"}  # channels where a person signs the change

operations = st.lists(
    st.tuples(
        st.sampled_from(["put", "put", "delete"]),
        st.integers(0, len(KEYS) - 1),
        st.integers(1, 6),  # few values, so a write often repeats the stored one
        st.sampled_from(CHANNELS),
    ),
    min_size=1,
    max_size=10,
)


class Oracle:
    """What the history must say, kept without looking at the database."""

    def __init__(self) -> None:
        self.current: dict[tuple, Decimal] = {}
        self.entries: dict[tuple, list[tuple]] = {}

    def put(self, key, value, channel, reason, user) -> bool:
        old = self.current.get(key)
        if old == value:
            return False  # nothing changes, nothing is recorded
        action = "created" if old is None else "updated"
        self.entries.setdefault(key, []).append((action, old, value, channel, reason, user))
        self.current[key] = value
        return True

    def delete(self, key, channel, reason, user) -> bool:
        old = self.current.pop(key, None)
        if old is None:
            return False
        self.entries.setdefault(key, []).append(("deleted", old, None, channel, reason, user))
        return True


def timeline(key) -> list[tuple]:
    code, territory, period, dims = key
    rows = ObservationChange.objects.filter(
        indicator__code=code,
        territory__code=territory,
        period=period,
        dimensions="|".join(f"{d}={v}" for d, v in dims),
    ).order_by("at", "id")
    found = []
    for c in rows:
        found.append(
            (
                c.action,
                c.old_value,
                c.new_value,
                c.channel,
                c.reason,
                c.user.username if c.user else None,
            )
        )
        # The snapshots say the same values as the columns.
        assert (c.new or {}).get("value") == plain(c.new_value)
        assert (c.old or {}).get("value") == plain(c.old_value)
        # Every entry belongs to a change set of the same channel, reason and time.
        change_set = ChangeSet.objects.get(pk=c.change_set_id)
        assert (change_set.channel, change_set.reason, change_set.at) == (
            c.channel,
            c.reason,
            c.at,
        )
    return found


def _import(key, value, world, folder: Path) -> tuple[str, object]:
    code, territory, period, _dims = key
    path = folder / "wartosci.csv"
    path.write_text(f"indicator;territory;period;value\n{code};{territory};{period};{value}\n")
    report = import_file(path, actor=world.admin, replace=True)
    assert report.ok, report.problems
    if report.write.created or report.write.updated:
        change_set = ChangeSet.objects.filter(channel="import").latest("pk")
        assert (change_set.file_name, change_set.file_size) == (
            "wartosci.csv",
            len(path.read_bytes()),
        )
        assert change_set.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    return import_reason(path.name), report


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_every_values_timeline_is_what_the_oracle_says(world, ops):
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        double = Indicator.objects.create(code="PM10_X2", name_pl="PM10 razy dwa")
        set_computation(double, formula="[PM10_AVG] * 2", actor=None, reason="definicja")
        oracle = Oracle()
        computed = recomputed_reason("PM10_X2")
        for what, index, number, channel in ops:
            key = KEYS[index]
            value = Decimal(number)
            user = world.admin if channel in SIGNED else None
            name = user.username if user else None
            reason = f"{what} {number} przez {channel}"
            if what == "put" and channel == "import" and not key[3]:
                reason, _report = _import(key, value, world, Path(folder))
            elif what == "put":
                report = write_observations(
                    [ObservationInput(*key[:3], value, key[3])],
                    actor=user,
                    reason=reason,
                    channel="form" if channel == "import" else channel,
                    replace=True,
                )
                assert report.ok, report.problems
                channel = "form" if channel == "import" else channel
            else:
                channel = "form" if channel == "import" else channel
                report = delete_observations([key], actor=user, reason=reason, channel=channel)
                assert report.ok, report.problems
            changed = (
                oracle.put(key, value, channel, reason, name)
                if what == "put"
                else oracle.delete(key, channel, reason, name)
            )
            if changed and key[0] == "PM10_AVG":
                twice = ("PM10_X2", *key[1:])
                if what == "put":
                    oracle.put(twice, value * 2, "computed", computed, None)
                else:
                    oracle.delete(twice, "computed", computed, None)
        for key in [*KEYS, *(("PM10_X2", *k[1:]) for k in KEYS[:2])]:
            assert timeline(key) == oracle.entries.get(key, []), key
        # Nothing else in the history, and the values stored are the oracle's.
        assert ObservationChange.objects.count() == sum(map(len, oracle.entries.values()))
        stored = {
            (o.indicator.code, o.territory.code, o.period): o.value
            for o in Observation.objects.select_related("indicator", "territory")
        }
        assert stored == {k[:3]: v for k, v in oracle.current.items()}
        transaction.set_rollback(True)
