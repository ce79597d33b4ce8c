"""The public page of the civic budget: the projects of an edition and the totals per
district, read through :mod:`stradom.registers.queries`. Public information, so the
page is the same for everyone and kept in the page cache (``public_page``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from stradom.core.page_cache import public_page
from stradom.finance.formatting import ILLUSTRATIVE
from stradom.registers import queries
from stradom.registers.models import CivicBudgetProject


@public_page
def civic_budget(request):
    editions = list(
        CivicBudgetProject.objects.order_by("-edition").values_list("edition", flat=True).distinct()
    )
    chosen = request.GET.get("edition") or (str(editions[0]) if editions else "")
    if chosen and (not chosen.isdigit() or int(chosen) not in editions):
        raise Http404
    edition = int(chosen) if chosen else None
    projects = list(queries.projects(edition=edition)) if edition else []
    rows = queries.civic_budget_rows([edition]) if edition else []
    return render(
        request,
        "registers/civic_budget.html",
        {
            "section": "civic_budget",
            "editions": editions,
            "edition": edition,
            "projects": projects,
            "rows": rows,
            "illustrative": any(p.illustrative for p in projects),
            "illustrative_label": ILLUSTRATIVE,
        },
    )
