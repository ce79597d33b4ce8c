"""Admin screens of budget tasks, WPF versions, undertakings, units and the money history.

Money changes only through :mod:`stradom.finance.services`: the budget-task form
asks for a reason, checks the change with the service (a trial run rolled
back, so errors show on the form) and then saves through it. WPF versions and
their undertakings are records of adopted resolutions: read-only here; a new
version comes from ``stradom wpf import`` or the services (an amendment).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from stradom.core import formatting
from stradom.core.admin import ChangeRecordAdmin, ReadOnlyAdmin
from stradom.core.i18n import localize
from stradom.finance.formatting import ILLUSTRATIVE
from stradom.finance.models import (
    BudgetTask,
    BudgetTaskGoal,
    BudgetTaskMonth,
    MoneyChange,
    Undertaking,
    UndertakingLimit,
    Unit,
    WpfRow,
    WpfVersion,
    WpfYear,
)
from stradom.finance.queries import check_version, default_strategy, wpf_table
from stradom.finance.services import (
    FinanceError,
    create_budget_task,
    update_budget_task,
)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name_pl", "domain")
    list_filter = ("domain",)
    search_fields = ("code", "name_pl", "name_en")


# -- budget tasks ---------------------------------------------------------------------------
class _DryRun(Exception):
    pass


class BudgetTaskForm(forms.ModelForm):
    classification_code = forms.CharField(
        label=_("classification"),
        help_text=_("Section-chapter-paragraph, e.g. 900-90005-4300."),
        max_length=20,
    )
    goal_shares = forms.CharField(
        label=_("goal shares"),
        required=False,
        help_text=_("Goal codes with shares in %, summing to 100: IV.3:70; VI.1:30."),
    )
    reason = forms.CharField(
        label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 2})
    )

    request = None  # set by the admin

    class Meta:
        model = BudgetTask
        fields = [
            "year", "code", "name_pl", "name_en", "unit", "domain", "instrument",
            "plan", "plan_after_changes", "commitments", "execution", "illustrative", "note",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        task = self.instance
        if task.pk:
            self.fields["classification_code"].initial = task.classification
            self.fields["goal_shares"].initial = "; ".join(
                f"{s.goal.code}:{s.share.normalize()}" for s in task.shares.select_related("goal")
            )
            for name in ("year", "code"):
                self.fields[name].disabled = True
            if task.months.exists():
                self.fields["execution"].disabled = True
        self.fields["plan_after_changes"].required = False

    def _strategy(self):
        if self.instance.pk:
            share = self.instance.shares.select_related("goal__strategy").first()
            if share is not None:
                return share.goal.strategy
        return default_strategy()

    def _shares(self):
        text = self.cleaned_data.get("goal_shares", "").strip()
        if not text:
            return {}
        strategy = self._strategy()
        goals = {g.code: g for g in strategy.goals.all()} if strategy else {}
        shares = {}
        for part in filter(None, (p.strip() for p in re.split(r"[;,\n]", text))):
            code, _sep, share = part.partition(":")
            goal = goals.get(code.strip())
            if goal is None:
                raise ValidationError({"goal_shares": _("Unknown goal %(code)s.") % {"code": code}})
            try:
                shares[goal] = Decimal(share.strip().rstrip("%").replace(",", "."))
            except InvalidOperation:
                raise ValidationError(
                    {"goal_shares": _("%(text)s is not a share.") % {"text": part}}
                ) from None
        return shares

    def apply(self):
        data = self.cleaned_data
        actor = self.request.user if self.request else None
        amounts = {n: data.get(n) for n in ("plan", "commitments", "execution")}
        after = data.get("plan_after_changes")
        common = {
            "name_pl": data["name_pl"],
            "name_en": data.get("name_en", ""),
            "unit": data["unit"],
            "domain": data.get("domain") or data["unit"].domain,
            "instrument": data.get("instrument"),
            "illustrative": data.get("illustrative", False),
            "note": data.get("note", ""),
            "goal_shares": self._shares(),
            "actor": actor,
            "reason": data.get("reason", ""),
            "channel": "admin",
        }
        if self.instance.pk:
            changes = {**common, "classification": data["classification_code"]}
            changes["plan"] = amounts["plan"]
            changes["plan_after_changes"] = after if after is not None else amounts["plan"]
            changes["commitments"] = amounts["commitments"]
            if not self.fields["execution"].disabled:
                changes["execution"] = amounts["execution"]
            return update_budget_task(self.instance, **changes)
        return create_budget_task(
            year=data["year"],
            code=data["code"],
            classification=data["classification_code"],
            plan=amounts["plan"],
            plan_after_changes=after,
            commitments=amounts["commitments"] or Decimal("0.00"),
            execution=amounts["execution"] or Decimal("0.00"),
            **common,
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            with transaction.atomic():
                self.apply()
                raise _DryRun
        except _DryRun:
            pass
        except FinanceError as error:
            field = {"classification": "classification_code", "goal_shares": "goal_shares"}.get(
                error.field, error.field
            )
            if field not in self.fields:
                field = None
            raise ValidationError({field: localize(error)} if field else localize(error)) from None
        return data


class BudgetTaskGoalInline(_ReadOnlyInline):
    model = BudgetTaskGoal
    fields = ("goal", "share")
    readonly_fields = fields


class BudgetTaskMonthInline(_ReadOnlyInline):
    model = BudgetTaskMonth
    fields = ("month", "plan", "execution")
    readonly_fields = fields


@admin.register(BudgetTask)
class BudgetTaskAdmin(admin.ModelAdmin):
    form = BudgetTaskForm
    list_display = (
        "year", "code", "name_pl", "unit", "classification", "plan_text", "after_text",
        "execution_text", "remaining_text", "over_plan_flag", "illustrative_label",
    )  # fmt: skip
    list_filter = ("year", "illustrative", "unit", "domain")
    search_fields = ("code", "name_pl", "name_en", "chapter", "paragraph")
    list_select_related = ("unit",)
    raw_id_fields = ("instrument",)
    inlines = [BudgetTaskGoalInline, BudgetTaskMonthInline]
    fieldsets = (
        (None, {"fields": ("year", "code", "name_pl", "name_en", "unit", "domain", "instrument",
                           "classification_code", "illustrative", "note")}),
        (_("money"), {"fields": ("plan", "plan_after_changes", "commitments", "execution")}),
        (_("goals"), {"fields": ("goal_shares",)}),
        (None, {"fields": ("reason",)}),
    )  # fmt: skip

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        return form

    def save_model(self, request, obj, form, change):
        result = form.apply()
        form.instance = result.task
        obj.pk = result.task.pk
        obj.refresh_from_db()
        for warning in result.warnings:
            self.message_user(request, localize(warning), messages.WARNING)

    def save_related(self, request, form, formsets, change):
        # Shares and months are written by the service; the inlines only show them.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def has_delete_permission(self, request, obj=None):
        return False  # money is never silently lost: set the plan to zero with a reason

    @admin.display(description=_("plan"), ordering="plan")
    def plan_text(self, obj):
        return formatting.money(obj.plan, unit=False)

    @admin.display(description=_("plan after changes"), ordering="plan_after_changes")
    def after_text(self, obj):
        return formatting.money(obj.plan_after_changes, unit=False)

    @admin.display(description=_("execution"), ordering="execution")
    def execution_text(self, obj):
        return formatting.money(obj.execution, unit=False)

    @admin.display(description=_("remaining"))
    def remaining_text(self, obj):
        return formatting.money(obj.remaining, unit=False)

    @admin.display(description=_("above plan"), boolean=True)
    def over_plan_flag(self, obj):
        return obj.over_plan

    @admin.display(description=_("illustrative example"), ordering="illustrative")
    def illustrative_label(self, obj):
        return ILLUSTRATIVE if obj.illustrative else ""


# -- WPF ------------------------------------------------------------------------------------
class WpfYearInline(_ReadOnlyInline):
    model = WpfYear
    fields = ("year", "value_type")
    readonly_fields = fields


class UndertakingInline(_ReadOnlyInline):
    model = Undertaking
    fields = ("number", "name", "unit", "start_year", "end_year", "total_outlays",
              "obligations_limit")  # fmt: skip
    readonly_fields = fields
    show_change_link = True


@admin.register(WpfVersion)
class WpfVersionAdmin(ReadOnlyAdmin):
    list_display = ("label", "budget_year", "resolution", "adopted_on", "previous", "check_text",
                    "illustrative_label")  # fmt: skip
    list_filter = ("code", "illustrative")
    search_fields = ("code", "resolution", "note")
    inlines = [WpfYearInline, UndertakingInline]
    readonly_fields = ("annex1",)
    fields = ("code", "number", "budget_year", "resolution", "adopted_on", "previous",
              "debt_window", "debt_exclusion_rows", "illustrative", "note", "created_by",
              "annex1")  # fmt: skip

    @admin.display(description=_("check"))
    def check_text(self, obj):
        check = check_version(obj)
        if not check.sums_close:
            return _("does not close (%(count)s)") % {"count": len(check.problems)}
        if check.breaks_debt_rules:
            return _("debt rules broken in %(years)s") % {
                "years": ", ".join(map(str, check.breaks_debt_rules))
            }
        return _("ok")

    @admin.display(description=_("illustrative example"), ordering="illustrative")
    def illustrative_label(self, obj):
        return ILLUSTRATIVE if obj.illustrative else ""

    @admin.display(description=_("Annex 1"))
    def annex1(self, obj):
        table = wpf_table(obj)
        labels = dict(obj.rows.values_list("code", "label_pl"))
        years = sorted({y for values in table.values() for y in values})
        header = format_html_join("", "<th>{}</th>", ((y,) for y in years))
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td>{}</tr>",
            (
                (code, labels.get(code, ""), format_html_join(
                    "", '<td style="text-align:right">{}</td>',
                    ((formatting.money(values.get(y), unit=False),) for y in years)))
                for code, values in table.items()
            ),
        )  # fmt: skip
        return format_html(
            "<table><thead><tr><th>Lp.</th><th>{}</th>{}</tr></thead><tbody>{}</tbody></table>",
            _("item"),
            header,
            body,
        )


class UndertakingLimitInline(_ReadOnlyInline):
    model = UndertakingLimit
    fields = ("year", "amount")
    readonly_fields = fields


@admin.register(Undertaking)
class UndertakingAdmin(ReadOnlyAdmin):
    list_display = ("number", "name", "version", "unit", "start_year", "end_year",
                    "total_text", "obligations_text")  # fmt: skip
    list_filter = ("version", "group", "kind")
    search_fields = ("number", "name", "purpose")
    list_select_related = ("version", "unit")
    inlines = [UndertakingLimitInline]

    @admin.display(description=_("total outlays"), ordering="total_outlays")
    def total_text(self, obj):
        return formatting.money(obj.total_outlays, unit=False)

    @admin.display(description=_("obligations limit"), ordering="obligations_limit")
    def obligations_text(self, obj):
        return formatting.money(obj.obligations_limit, unit=False)


@admin.register(WpfRow)
class WpfRowAdmin(ReadOnlyAdmin):
    list_display = ("code", "label_pl", "version")
    list_filter = ("version",)
    search_fields = ("code", "label_pl")


@admin.register(MoneyChange)
class MoneyChangeAdmin(ChangeRecordAdmin):
    pass
