"""The coordinators' published commentary in the reports (``stradom.commentary``): what
happened in a period and what is being done, as the public pages show it — top-level
comments their authors published, never the workspace's private ones nor replies.

The indicator sheet and the monitoring report write it as paragraphs under the record;
the domain report as one table (its spreadsheet gets a tab of it).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from stradom.commentary.queries import PublishedComment
from stradom.reports.document import Column, Heading, Paragraph, Table


def commentary_paragraphs(comments: Sequence[PublishedComment]) -> list:
    """One paragraph per comment (``2025-Q3: …``), what is being done as a note."""
    blocks: list = []
    for c in comments:
        blocks.append(
            Paragraph(
                _("Commentary for %(period)s: %(text)s") % {"period": c.period_text, "text": c.text}
            )
        )
        if c.actions:
            blocks.append(
                Paragraph(_("What is being done: %(text)s") % {"text": c.actions}, "note")
            )
    return blocks


def commentary_section(comments: Sequence[PublishedComment], level: int = 1) -> list:
    """A heading and the paragraphs; nothing at all when there is no comment."""
    if not comments:
        return []
    return [Heading(_("Coordinator's commentary"), level), *commentary_paragraphs(comments)]


def commentary_table(comments: Sequence[PublishedComment], year: int) -> Table:
    kinds = {"indicator": _("indicator"), "goal": _("goal"), "instrument": _("instrument")}
    return Table(
        columns=(
            Column(_("Record")),
            Column(_("Code"), "code"),
            Column(_("Period")),
            Column(_("What happened")),
            Column(_("What is being done")),
        ),
        rows=tuple(
            (f"{kinds[c.kind]}: {c.name}", c.code, c.period_text, c.text, c.actions or None)
            for c in comments
        ),
        caption=_("Coordinators' commentary on periods of %(year)s") % {"year": year},
        sheet=_("Commentary"),
    )
