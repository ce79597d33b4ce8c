"""Who may do what: the one place every view, form, command and API asks.

Roles: an *administrator* (superuser, or member of the ``administrators`` group);
a *domain coordinator* (listed on a domain: everything in own domains); a *data
provider* (listed on an indicator: its values); an *analyst* (``analysts`` group:
reads everything); the public (anonymous: published items only).
``actor=None`` stands for the operator at the command line, who has full rights.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ADMINISTRATORS = "administrators"
ANALYSTS = "analysts"


def is_administrator(user) -> bool:
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()


@dataclass
class ValuePermissions:
    """Which indicators' values a user may write, worked out once for a whole batch."""

    everything: bool
    domain_ids: frozenset[int] = field(default_factory=frozenset)
    indicator_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def for_user(cls, user) -> ValuePermissions:
        if is_administrator(user):
            return cls(everything=True)
        if not user.is_authenticated or not user.is_active:
            return cls(everything=False)
        return cls(
            everything=False,
            domain_ids=frozenset(user.coordinated_domains.values_list("id", flat=True)),
            indicator_ids=frozenset(user.provided_indicators.values_list("id", flat=True)),
        )

    def allows(self, indicator) -> bool:
        return (
            self.everything
            or indicator.domain_id in self.domain_ids
            or indicator.pk in self.indicator_ids
        )
