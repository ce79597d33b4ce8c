"""Who may see survey microdata: administrators and analysts, nobody else.

Built on :mod:`stradom.accounts.permissions` (the roles are defined there). A
domain coordinator, a data provider and the public never see a respondent's
answers; they see estimates, which are observations like any other.
"""

from __future__ import annotations

from stradom.accounts.permissions import ANALYSTS, is_administrator


def may_read_microdata(user) -> bool:
    """Administrators and members of the ``analysts`` group; ``None`` is the operator."""
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_administrator(user) or user.groups.filter(name=ANALYSTS).exists()
