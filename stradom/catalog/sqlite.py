"""The SQL function SQLite needs for the history view (``catalog.0006``).

On PostgreSQL the view builds a new value's snapshot with ``jsonb_build_object`` from
exact ``numeric`` columns. SQLite keeps decimals as floating point, so the text of a
number must be spelt the way Django reads the column back (15 significant digits,
then the field's decimal places) — which only Python can do exactly. The function is
registered on every SQLite connection Django opens (``CatalogConfig.ready``); the view
cannot be read by a connection without it, such as the ``sqlite3`` shell.
"""

from __future__ import annotations

import decimal
import json

from stradom.core.numbers import plain

_CREATE = decimal.Context(prec=15).create_decimal_from_float
_CONTEXT = decimal.Context(prec=28)  # the value fields' max_digits
_QUANTUM = decimal.Decimal(1).scaleb(-10)  # their decimal_places


def _number(stored) -> str | None:
    """The snapshot text of a stored number, as ``plain`` of what Django would read."""
    if stored is None:
        return None
    if isinstance(stored, str | bytes):  # a number SQLite could not make numeric
        return plain(decimal.Decimal(stored.decode() if isinstance(stored, bytes) else stored))
    return plain(_CREATE(stored).quantize(_QUANTUM, context=_CONTEXT))


def snapshot(value, status, ci_low, ci_high, base_n, note, source, flags) -> str:
    """``json.dumps`` of ``observation_rows.snapshot`` of the observation with these columns."""
    return json.dumps(
        {
            "value": _number(value),
            "status": status,
            "ci_low": _number(ci_low),
            "ci_high": _number(ci_high),
            "base_n": base_n,
            "note": note,
            "source": source,
            "flags": json.loads(flags) if flags is not None else None,
        }
    )


def register(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: make ``stradom_snapshot`` known to a SQLite one."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("stradom_snapshot", 8, snapshot, deterministic=True)
