"""Writes to instruments, project networks and progress updates: one function per change.

Who may write (``stradom.accounts.permissions``: ``Action.MANAGE_INSTRUMENT``):

* an **administrator** (or the operator at the command line, ``actor=None``) may do
  everything: create instruments, change any of them, build project networks
  (``MANAGE_INSTRUMENT`` without an instrument);
* a **coordinator of a domain** may create an instrument in that domain
  (``MANAGE_INSTRUMENT`` with the domain), without naming its manager;
* an instrument's **manager**, and every **coordinator of its domain**
  (``Instrument.domain``), may change that instrument (but not hand it to another
  manager or domain), add, change and delete its milestones, record the day one was
  reached and record its progress updates.

The domain is a field the administrator sets, not something worked out from links: an
instrument serves goals and is measured by indicators of many domains (the Barometr
Krakowski by indicators of nine), and a budget task of one domain may pay for another's
project, so "whose is this project" would have many answers and a new link would
quietly hand out rights. Links to goals, indicators and money grant nothing.

Every function validates first and writes nothing when it refuses; the checks are
also used by the admin forms (``check_*``), so the admin and the API refuse the same
things with the same words. Instruments and milestones, project networks and their
dependencies, and reporting cycles keep their history in :class:`InstrumentChange`
(:func:`stradom.core.history.save_tracked`): a new one its first values, a change each
changed field, a deleted one its last values (a deleted instrument's milestones and
progress updates, a deleted network's dependencies too) — with who, when, why and the
channel. Networks and cycles are the administrators'.
"""

# The package's modules by kind of record; every name is importable from here.
from stradom.instruments.services.common import (
    Refused,
)
from stradom.instruments.services.instruments import (
    INSTRUMENT_FIELDS,
    LINK_FIELDS,
    check_instrument,
    create_instrument,
    delete_instrument,
    update_instrument,
)
from stradom.instruments.services.networks import (
    CYCLE_FIELDS,
    DEPENDENCY_FIELDS,
    NETWORK_FIELDS,
    add_dependency,
    add_to_network,
    check_dependencies,
    check_kept_projects,
    current_links,
    delete_cycle,
    delete_dependency,
    delete_network,
    remove_dependency,
    save_cycle,
    save_dependency,
    save_network,
)
from stradom.instruments.services.progress import (
    MILESTONE_FIELDS,
    MILESTONE_NOTE_LIMIT,
    PROGRESS_FIELDS,
    add_milestone,
    check_milestone,
    check_milestone_record,
    check_progress,
    delete_milestone,
    record_milestone,
    record_progress,
    save_milestone,
)

__all__ = [
    "current_links",
    "CYCLE_FIELDS",
    "DEPENDENCY_FIELDS",
    "INSTRUMENT_FIELDS",
    "LINK_FIELDS",
    "MILESTONE_FIELDS",
    "MILESTONE_NOTE_LIMIT",
    "NETWORK_FIELDS",
    "PROGRESS_FIELDS",
    "Refused",
    "add_dependency",
    "add_milestone",
    "add_to_network",
    "check_dependencies",
    "check_instrument",
    "check_kept_projects",
    "check_milestone",
    "check_milestone_record",
    "check_progress",
    "create_instrument",
    "delete_cycle",
    "delete_dependency",
    "delete_instrument",
    "delete_milestone",
    "delete_network",
    "record_milestone",
    "record_progress",
    "remove_dependency",
    "save_cycle",
    "save_dependency",
    "save_milestone",
    "save_network",
    "update_instrument",
]
