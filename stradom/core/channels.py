"""Where a recorded change came from — its *channel* — in words, and the reasons the
system writes by itself, in the reader's language.

Every history stores the channel as a short code (``form``, ``import``, ``api``,
``computed``…; ``ObservationChange.channel`` and ``ChangeRecord.channel``). The code is
data; a reader sees the words of :data:`CHANNELS` — in the admin (the fields' choices),
in the workspace's histories and its change feed, where the channel stands in for the
person when nobody signed the change.

The system's own reasons were stored as English sentences (``recomputed POP_DENSITY
after its inputs changed``, ``import of values.csv``, ``copied from version 1 of SRK``)
and stay so in the history: they are data too. :func:`reason_shown` says them in the
reader's language; a reason a person wrote is shown as written.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_lazy

CHANNELS = {
    "form": gettext_lazy("entry form"),
    "import": gettext_lazy("file import"),
    "api": gettext_lazy("the API"),
    "computed": gettext_lazy("automatic recomputation"),
    "command": gettext_lazy("the command line"),
    "survey": gettext_lazy("survey estimation"),
    "demo": gettext_lazy("the demo loader"),
    "service": gettext_lazy("the system (command line)"),
    "admin": gettext_lazy("the admin"),
    "workspace": gettext_lazy("the workspace"),
}
CHOICES = list(CHANNELS.items())

# What the system writes when no person gives a reason (catalog.services.computed,
# ingest.services): English, as stored; said in the reader's language by reason_shown.
_RECOMPUTED = re.compile(r"recomputed (?P<code>\S+) after its inputs changed")
_IMPORT_OF = re.compile(r"import of (?P<file>.+)")
_COPIED = re.compile(r"copied from version (?P<version>\d+) of (?P<code>.+)")


def recomputed_reason(code: str) -> str:
    return f"recomputed {code} after its inputs changed"


def import_reason(file_name: str) -> str:
    return f"import of {file_name}"


def copied_reason(strategy_code: str, version: int) -> str:
    """Why a goal's indicator exists in a new version of a strategy (strategy.new_version)."""
    return f"copied from version {version} of {strategy_code}"


def channel_label(code: str) -> str:
    """The channel in words; an unknown code as it is stored."""
    label = CHANNELS.get(code)
    return str(label) if label is not None else code


def reason_shown(reason: str, channel: str) -> str:
    """The reason of a change as a reader sees it (see the module docstring)."""
    if channel == "computed" and _RECOMPUTED.fullmatch(reason):
        # The history is the indicator's own, or names it beside the reason.
        return gettext("recomputed after its inputs changed")
    if channel == "import" and (match := _IMPORT_OF.fullmatch(reason)):
        return gettext("import of %(file)s") % {"file": match["file"]}
    if match := _COPIED.fullmatch(reason):
        return gettext("copied from version %(version)s of %(strategy)s") % {
            "version": match["version"],
            "strategy": match["code"],
        }
    return reason
