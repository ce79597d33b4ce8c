"""Text forms of an assessment result (``services.assess_strategy`` or a stored run's
``results``): a readable table, CSV and JSON. Labels and reasons are translated here,
at display time, so a stored run reads in the language of whoever looks at it; the
table writes its numbers as the pages do (``stradom.core.formatting``), CSV and JSON
keep them as they are."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stradom.catalog.notes import freshness_text
from stradom.core.formatting import name_of, number, percent
from stradom.core.i18n import localize
from stradom.core.messages import Message


def _message(data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    return localize(Message(data["template"], data.get("params") or {}))


def _pct(x: float | None) -> str:
    return "" if x is None else percent(100 * x, 1)


def _f(x: float | None, digits: int = 2) -> str:
    return "" if x is None else number(x, digits)


def _value(text: str | None, decimals: int = 2) -> str:
    return number(text, decimals)  # "–" for none


def localized(result: dict[str, Any]) -> dict[str, Any]:
    """The result with translated ``label_text``/``reason_text``/``freshness_text`` added
    (for JSON)."""
    out = dict(result)
    out["links"] = [
        {
            **r,
            "label_text": _(r["label"]),
            "reason_text": _message(r.get("reason")),
            "freshness_text": freshness_text(r.get("freshness")),
        }
        for r in result["links"]
    ]
    out["goals"] = [
        {**g, "rollup": {**g["rollup"], "reason_text": _message(g["rollup"]["reason"])}}
        for g in result["goals"]
    ]
    out["domains"] = [
        {**d, "rollup": {**d["rollup"], "reason_text": _message(d["rollup"]["reason"])}}
        for d in result["domains"]
    ]
    return out


def as_json(result: dict[str, Any]) -> str:
    return json.dumps(localized(result), ensure_ascii=False, indent=2)


def _rollup_text(r: dict[str, Any], labels: dict[str, str]) -> str:
    if r["reason"] and r["n_links"] == 0:
        return _message(r["reason"])
    parts = [
        ngettext("%(n)s indicator", "%(n)s indicators", r["n_links"]) % {"n": r["n_links"]},
        ", ".join(f"{_(labels.get(k, k))}: {v}" for k, v in r["counts"].items()),
    ]
    if r["mean_score"] is not None:
        parts.append(_("mean score %(score)s") % {"score": _f(r["mean_score"])})
    parts.append(
        _("data in the last years: %(covered)s/%(n)s")
        % {"covered": r["covered"], "n": r["n_links"]}
    )
    current = current_data_text(r)
    if current:
        parts.append(current)
    if r["reason"]:
        parts.append(_message(r["reason"]))
    return "; ".join(parts)


def current_data_text(r: dict[str, Any]) -> str:
    """How much of a roll-up rests on current data: "on current data: 1 of 3 assessed
    indicators (freshness not known for 1)"; "" when no link's freshness can be judged
    (or the roll-up was stored before freshness was kept)."""
    n_current, n_stale = r.get("n_current", 0), r.get("n_stale", 0)
    if not n_current and not n_stale:
        return ""
    n = r["n_assessable"]
    text = ngettext(
        "on current data: %(current)s of %(n)s assessed indicator",
        "on current data: %(current)s of %(n)s assessed indicators",
        n,
    ) % {"current": n_current, "n": n}
    unjudged = n - n_current - n_stale
    if unjudged:
        text += " (" + _("freshness not known for %(n)s") % {"n": unjudged} + ")"
    return text


def _link_figures(r: dict[str, Any]) -> str:
    inputs = r.get("inputs") or {}
    d = r.get("decimals", 2)
    bits = []
    if inputs.get("base_year") is not None:
        bits.append(
            _("base %(year)s: %(value)s")
            % {"year": inputs["base_year"], "value": _f(inputs.get("base_value"), d)}
        )
    if r["latest_year"] is not None:
        bits.append(
            _("latest %(year)s: %(value)s")
            % {"year": r["latest_year"], "value": _value(r["latest_value"], d)}
        )
    if r["target_value"] is not None:
        bits.append(
            _("target %(year)s: %(value)s")
            % {"year": r["target_year"] or "–", "value": _value(r["target_value"], d)}
        )
    if inputs.get("ratio") is not None:
        bits.append(_("ratio %(ratio)s") % {"ratio": _f(inputs["ratio"])})
    elif inputs.get("cagr_observed") is not None:
        bits.append(_("growth %(rate)s/yr") % {"rate": _pct(inputs["cagr_observed"])})
    return ", ".join(bits)


def as_table(result: dict[str, Any]) -> str:
    s = result["strategy"]
    lines = [
        f"{s['code']} v{s['version']} — {name_of(s)} ({s['start_year']}–{s['end_year']})",
        _("Method: %(title)s (%(method)s); as of %(year)s; data coverage window %(n)s years")
        % {
            "title": result["method_title"],
            "method": result["method"],
            "year": result["as_of_year"],
            "n": result["coverage_years"],
        },
        "",
    ]
    labels = result.get("status_labels", {})
    links_by_goal: dict[Any, list[dict[str, Any]]] = {}
    for r in result["links"]:
        links_by_goal.setdefault(r["goal_id"], []).append(r)
    for g in result["goals"]:
        pad = "  " * (g["depth"] - 1)
        level = name_of(g, "level")
        head = f"{pad}{g['code']} {name_of(g)}"
        lines.append(f"{head}  [{level}]" if level else head)
        lines.append(f"{pad}  = {_rollup_text(g['rollup'], labels)}")
        for r in links_by_goal.get(g["id"], []):
            where = r["territory_code"] + (f" {r['dimensions']}" if r["dimensions"] else "")
            lines.append(
                f"{pad}  - {r['indicator_code']} ({where}): {_(r['label'])}"
                + (f" — {_link_figures(r)}" if _link_figures(r) else "")
            )
            if r.get("reason"):
                lines.append(f"{pad}      {_message(r['reason'])}")
            stale = freshness_text(r.get("freshness"))
            if stale:
                lines.append(f"{pad}      {stale}")
    if result["domains"]:
        lines += ["", _("By management domain:")]
        for d in result["domains"]:
            name = name_of(d) or _("(no domain)")
            lines.append(f"  {name}: {_rollup_text(d['rollup'], labels)}")
    return "\n".join(lines) + "\n"


FRESHNESS_FIELDS = ("latest_period", "expected_period", "stale", "periods_behind")
CSV_FIELDS = [
    "row",
    "goal_code",
    "depth",
    "indicator_code",
    "territory_code",
    "dimensions",
    "direction",
    "status",
    "label",
    "score",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "target_year",
    "target_value",
    "ratio",
    "cagr_observed",
    "reason",
    *FRESHNESS_FIELDS,
    "n_links",
    "n_assessable",
    "mean_score",
    "mean_rank",
    "covered",
    "coverage",
    "n_current",
    "n_stale",
    "current_share",
    "counts",
]


def as_csv(result: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    depth = {g["id"]: g["depth"] for g in result["goals"]}
    for r in result["links"]:
        inputs = r.get("inputs") or {}
        fresh = r.get("freshness") or {}
        w.writerow(
            {
                "row": "link",
                "goal_code": r["goal_code"],
                "depth": depth.get(r["goal_id"]),
                "indicator_code": r["indicator_code"],
                "territory_code": r["territory_code"],
                "dimensions": r["dimensions"],
                "direction": r["direction"],
                "status": r["status"],
                "label": _(r["label"]),
                "score": r["score"],
                "base_year": inputs.get("base_year"),
                "base_value": inputs.get("base_value"),
                "latest_year": r["latest_year"],
                "latest_value": r["latest_value"],
                "target_year": r["target_year"],
                "target_value": r["target_value"],
                "ratio": inputs.get("ratio"),
                "cagr_observed": inputs.get("cagr_observed"),
                "reason": _message(r.get("reason")),
                **{k: fresh.get(k) for k in FRESHNESS_FIELDS},
            }
        )
    for kind, items in (("goal", result["goals"]), ("domain", result["domains"])):
        for item in items:
            ru = item["rollup"]
            w.writerow(
                {
                    "row": kind,
                    "goal_code": item["code"],
                    "depth": item.get("depth"),
                    "reason": _message(ru["reason"]),
                    "n_links": ru["n_links"],
                    "n_assessable": ru["n_assessable"],
                    "mean_score": ru["mean_score"],
                    "mean_rank": ru["mean_rank"],
                    "covered": ru["covered"],
                    "coverage": ru["coverage"],
                    "n_current": ru.get("n_current"),
                    "n_stale": ru.get("n_stale"),
                    "current_share": ru.get("current_share"),
                    "counts": ";".join(f"{k}={v}" for k, v in ru["counts"].items()),
                }
            )
    return buf.getvalue()


FORMATS = {"table": as_table, "csv": as_csv, "json": as_json}
