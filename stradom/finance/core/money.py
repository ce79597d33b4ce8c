"""Money as Decimal złoty with grosze, and exact splitting by shares.

Budget amounts in Polish public finance are kept to the grosz (0.01 zł): the
budget resolution, the WPF (rozporządzenie MF z 10 stycznia 2013 r., Dz.U. 2013
poz. 86, annexes "w zł" with two decimals) and the Rb reports all carry grosze.
So every amount here is a ``Decimal`` with at most two decimal places; floats
are refused because they cannot hold 0.10 exactly.  Rounding happens only when
an amount is split, and then by the largest-remainder method so that the parts
add up to the whole exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from stradom.core.messages import StradomError, gettext_noop

GROSZ = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def to_money(value: Decimal | int, name: str = "amount") -> Decimal:
    """Return ``value`` as złoty with two decimal places; refuse floats and part-grosze."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise StradomError(
            gettext_noop("%(name)s is not a number: %(value)s."), name=name, value=value
        )
    if amount != amount.quantize(GROSZ):
        raise StradomError(
            gettext_noop("%(name)s has a fraction of a grosz: %(value)s."), name=name, value=value
        )
    return amount.quantize(GROSZ)


def split_by_shares(amount: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Split ``amount`` by percentage ``shares`` (summing to 100) into grosze that add up.

    Largest remainder (Hamilton) method on whole grosze: every part gets the
    floor of its exact quota, and the grosze left over go one each to the parts
    with the largest fractional remainders (earlier parts first on ties).  The
    parts always sum exactly to ``amount``; a negative amount is split as its
    absolute value with the sign put back, so the split is symmetric.
    """
    amount = to_money(amount)
    exact = [Fraction(share) for share in shares]
    if any(share < 0 for share in exact) or sum(exact) != 100:
        raise ValueError("shares must be non-negative and sum to exactly 100")
    sign = -1 if amount < 0 else 1
    grosze = int(abs(amount) / GROSZ)
    quotas = [Fraction(grosze) * share / 100 for share in exact]
    parts = [quota.numerator // quota.denominator for quota in quotas]
    left = grosze - sum(parts)
    by_remainder = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return [sign * Decimal(part) * GROSZ for part in parts]
