"""Admin screens of instruments, project networks and progress reporting.

Saves go through the checks of ``stradom.instruments.services`` (nesting, cycles,
percentages, who may change what), so the admin refuses what the API refuses.
Progress updates are kept as history: the admin adds new ones but does not edit or
delete old ones.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from stradom.accounts.permissions import Action, can, is_administrator
from stradom.core.admin import (
    ChangeRecordAdmin,
    ReasonedDelete,
    ReasonForm,
    SavedThroughService,
    history_of,
    history_table,
    reason_given,
)
from stradom.core.formatting import day
from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.instruments import services
from stradom.instruments.models import (
    Dependency,
    Instrument,
    InstrumentChange,
    Milestone,
    ProgressUpdate,
    ProjectNetwork,
    ReportingCycle,
)
from stradom.instruments.queries import ILLUSTRATIVE, schedule_network

MONEY_LINKS_SHOWN = 50


def _illustrative(obj) -> str:
    return ILLUSTRATIVE if obj.illustrative else ""


class AdministratorsOnly:
    """Networks, their dependencies and reporting cycles belong to no one manager."""

    def has_add_permission(self, request, *args):
        return is_administrator(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_delete_permission(request, obj)


class IllustrativeColumn:
    @admin.display(description=_("example"))
    def example(self, obj) -> str:
        return _illustrative(obj)


# -- instruments ------------------------------------------------------------------------------
class InstrumentForm(ReasonForm):
    """The admin builds the fields from ``InstrumentAdmin.fieldsets``; a change asks why."""

    user = None  # set by InstrumentAdmin.get_form

    def _post_clean(self):
        super()._post_clean()  # fills self.instance from the form
        if self.instance.pk is not None and not is_administrator(self.user):
            # Who manages an instrument, and whose domain it is in, decide who may change
            # it: a manager or a coordinator does not hand it on.
            refused = {
                "manager": _("Only an administrator may change the manager."),
                "domain": _("Only an administrator may change the domain."),
            }
            changed = [name for name in refused if name in self.changed_data]
            for name in changed:
                self.add_error(name, refused[name])
                # Back to what is stored, so the page asks MANAGE_INSTRUMENT about the instrument
                # as it is (with the new domain it would show read-only, hiding the error).
                setattr(self.instance, f"{name}_id", self.initial.get(name))
            if changed:
                return
        if self.errors:
            return
        try:
            services.check_instrument(self.instance)
        except StradomError as exc:
            self.add_error(None, localize(exc))


class MilestoneFormSet(forms.BaseInlineFormSet):
    """The instrument's milestones: a milestone added, changed or deleted here is kept in
    the history with the reason of the instrument's form, so that reason is asked as soon
    as one is (``InstrumentAdmin.save_related`` saves them through the services)."""

    def records(self, form) -> bool:
        """Whether saving ``form`` changes what the history keeps."""
        deleting = getattr(form, "cleaned_data", {}).get("DELETE", False)
        if form.instance.pk is None:
            return form.has_changed() and not deleting
        return deleting or form.has_changed()

    def clean(self):
        super().clean()
        if self.instance.pk is None:  # a new instrument: its milestones come with it
            return
        # The reason is the instrument form's field, posted with the inline's rows.
        if any(self.records(f) for f in self.forms) and not (self.data.get("reason") or "").strip():
            raise ValidationError(_("Say why this changes (a reason)."))


class MilestoneInline(admin.TabularInline):
    """The day reached and the note are recorded on the milestone's own screen (or the
    workspace page), where a reason is asked and the change kept in the history; the
    name, due date and example flag are kept there too when changed here."""

    model = Milestone
    formset = MilestoneFormSet
    extra = 0
    fields = ("name_pl", "name_en", "due_date", "done_date", "note", "illustrative")
    readonly_fields = ("done_date", "note")


class ProgressUpdateInline(admin.TabularInline):
    """History, newest last; new updates are added on the progress update screen."""

    model = ProgressUpdate
    extra = 0
    can_delete = False
    fields = ("period", "percent_complete", "narrative", "risks", "author", "created_at")
    readonly_fields = fields
    ordering = ("period", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Instrument)
class InstrumentAdmin(ReasonedDelete, IllustrativeColumn, admin.ModelAdmin):
    """Saves go through ``services.create_instrument`` / ``update_instrument`` (a change
    asks why); deleting asks why and goes through ``services.delete_instrument``, which
    keeps the last values of the instrument, its milestones and progress updates."""

    form = InstrumentForm
    list_display = (
        "code",
        "name_pl",
        "kind",
        "status",
        "owning_unit",
        "manager",
        "domain",
        "planned_start",
        "planned_end",
        "example",
    )
    list_filter = ("kind", "status", "domain", "illustrative", "owning_unit")
    search_fields = ("code", "name_pl", "name_en", "owning_unit", "note")
    list_select_related = ("manager", "domain")
    raw_id_fields = ("parent",)
    filter_horizontal = ("goals", "output_indicators", "result_indicators")
    readonly_fields = ("created_at", "updated_at", "scheduling_duration", "money", "history")
    inlines = [MilestoneInline, ProgressUpdateInline]
    fieldsets = (
        (
            None,
            {"fields": ("code", "kind", "parent", "name_pl", "name_en", "status", "illustrative")},
        ),
        (_("Description"), {"fields": ("description_pl", "description_en", "source_url", "note")}),
        (_("Ownership"), {"fields": ("owning_unit", "manager", "domain")}),
        (
            _("Dates"),
            {
                "fields": (
                    ("planned_start", "planned_end"),
                    ("actual_start", "actual_end"),
                    "duration_days",
                    "scheduling_duration",
                )
            },
        ),
        (
            _("Goals and indicators"),
            {"fields": ("goals", "output_indicators", "result_indicators")},
        ),
        (_("Money"), {"fields": ("money",)}),
        (None, {"fields": ("created_at", "updated_at")}),
        (_("History"), {"fields": ("reason", "history")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # a new instrument has no history and needs no reason
            return self.fieldsets[:-1]
        return self.fieldsets

    @admin.display(description=_("history"))
    def history(self, obj) -> str:
        return history_table(InstrumentChange, obj)

    def save_model(self, request, obj, form, change):
        """A new instrument goes through ``services.create_instrument``, a change through
        ``services.update_instrument``: both keep every field they set (links included)
        in the history with the form's reason. A form that changes nothing writes nothing
        (its milestones are saved by ``save_related``)."""
        if change and not form.changes_something():
            return
        fields = services.INSTRUMENT_FIELDS | set(services.LINK_FIELDS)
        values = {name: form.cleaned_data[name] for name in form.fields if name in fields}
        if change:
            saved = services.update_instrument(
                Instrument.objects.get(pk=obj.pk),
                actor=request.user,
                reason=form.cleaned_data["reason"],
                channel="admin",
                **values,
            )
        else:
            saved = services.create_instrument(
                actor=request.user, reason=reason_given(form), channel="admin", **values
            )
            obj.pk = saved.pk
            obj._state.adding = False
        form.instance = saved

    def save_related(self, request, form, formsets, change):
        """The links were saved (and recorded) by ``save_model``; the milestones go
        through ``services.save_milestone`` and ``delete_milestone``, with the form's
        reason."""
        for formset in formsets:
            if formset.model is Milestone:
                self._save_milestones(request, form, formset)
            else:
                self.save_formset(request, form, formset, change=change)

    def _save_milestones(self, request, form, formset) -> None:
        reason, instrument = reason_given(form), form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            if not formset.records(row):
                continue
            if row.cleaned_data.get("DELETE"):
                services.delete_milestone(
                    row.instance, actor=request.user, reason=reason, channel="admin"
                )
                formset.deleted_objects.append(row.instance)
                continue
            values = {n: row.cleaned_data[n] for n in services.MILESTONE_FIELDS if n in row.fields}
            new = row.instance.pk is None
            saved = services.save_milestone(
                values,
                instance=None if new else row.instance,
                instrument=instrument,
                actor=request.user,
                reason=reason,
                channel="admin",
            )
            if new:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, row.changed_data))

    @admin.display(description=_("duration the schedule counts (days)"))
    def scheduling_duration(self, obj) -> str:
        """The property of the same name, labelled and without "None" when unknown."""
        days = obj.scheduling_duration if obj is not None else None
        return "–" if days is None else str(days)

    @admin.display(description=_("budget tasks and WPF undertakings"))
    def money(self, obj) -> str:
        """Links kept by ``finance``: ``BudgetTask.instrument``, ``Undertaking.instruments``."""
        if obj is None or obj.pk is None:
            return "–"
        items = []
        for related in ("budget_tasks", "undertakings"):
            manager = getattr(obj, related, None)
            if manager is not None:
                items += [str(row) for row in manager.all()[:MONEY_LINKS_SHOWN]]
        if not items:
            return "–"
        rows = format_html_join("", "<li>{}</li>", ((i,) for i in items))
        return format_html("<ul>{}</ul>", rows)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def has_add_permission(self, request):
        return is_administrator(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can(request.user, Action.MANAGE_INSTRUMENT, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_delete_permission(request, obj)

    def delete_record(self, request, obj, reason: str) -> None:
        services.delete_instrument(obj, actor=request.user, reason=reason, channel="admin")


class MilestoneForm(forms.ModelForm):
    """The day reached and the note are checked as ``services.record_milestone`` checks
    them (a reason when what is recorded changes), the name, due date and example flag as
    ``services.save_milestone`` does (a reason when one of a milestone's changes);
    ``MilestoneAdmin.save_model`` records them through those, so the history says who,
    when, old, new, why and "admin"."""

    user = None  # set by MilestoneAdmin.get_form
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=2000,
        help_text=_("Required when you change or clear what is already recorded."),
    )

    def clean(self):
        data = super().clean()
        instrument = data.get("instrument") or (
            self.instance.instrument if self.instance.pk else None
        )
        if instrument is not None and not can(self.user, Action.MANAGE_INSTRUMENT, instrument):
            raise ValidationError(
                _(
                    "Only the manager of %(instrument)s, a coordinator of its domain or an "
                    "administrator may change it."
                )
                % {"instrument": instrument.code}
            )
        if instrument is None or "due_date" not in data:
            return data
        changed = set(self.changed_data) & set(services.MILESTONE_FIELDS)
        if self.instance.pk and changed and not (data.get("reason") or "").strip():
            raise ValidationError(_("Say why this changes (a reason)."))
        # Before _post_clean: self.instance still holds what is recorded.
        recorded = self.instance if self.instance.pk else Milestone()
        recorded.instrument = instrument
        recorded.name_pl = data.get("name_pl") or recorded.name_pl
        try:
            services.check_milestone_record(
                recorded, data.get("done_date"), data.get("note", ""), data.get("reason", "")
            )
        except StradomError as exc:
            raise ValidationError(localize(exc)) from exc
        return data


@admin.register(Milestone)
class MilestoneAdmin(ReasonedDelete, IllustrativeColumn, admin.ModelAdmin):
    """A milestone stays with its instrument (chosen when it is added). Saving and
    deleting go through the services, which keep the history; deleting asks why."""

    form = MilestoneForm
    list_display = ("instrument", "name_pl", "due_date", "done_date", "example")
    list_select_related = ("instrument",)
    search_fields = ("instrument__code", "name_pl", "name_en")
    raw_id_fields = ("instrument",)

    def get_readonly_fields(self, request, obj=None):
        return ("instrument",) if obj is not None else ()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can(request.user, Action.MANAGE_INSTRUMENT, obj.instrument):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can(request.user, Action.MANAGE_INSTRUMENT, obj.instrument):
            return False
        return super().has_delete_permission(request, obj)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        """The name, due date and example flag through ``services.save_milestone``, the day
        reached and the note through ``services.record_milestone`` (the form has checked
        them the same way)."""
        reason = form.cleaned_data.get("reason", "")
        values = {n: form.cleaned_data[n] for n in services.MILESTONE_FIELDS if n in form.fields}
        if change:
            stored = Milestone.objects.get(pk=obj.pk)
            if set(form.changed_data) & set(services.MILESTONE_FIELDS):
                stored = services.save_milestone(
                    values, instance=stored, actor=request.user, reason=reason, channel="admin"
                )
        else:
            stored = services.save_milestone(
                values,
                instrument=obj.instrument,
                actor=request.user,
                reason=reason_given(form),
                channel="admin",
            )
            obj.pk = stored.pk
            obj._state.adding = False
        saved = services.record_milestone(
            stored,
            actor=request.user,
            actual_date=obj.done_date,
            note=obj.note,
            reason=reason,
            channel="admin",
        )
        obj.done_date, obj.note = saved.done_date, saved.note

    def delete_record(self, request, obj, reason: str) -> None:
        services.delete_milestone(obj, actor=request.user, reason=reason, channel="admin")


@admin.register(InstrumentChange)
class InstrumentChangeAdmin(ChangeRecordAdmin):
    """Who changed an instrument's fields or links, or recorded or corrected a
    milestone's day reached or note, when, and why."""


# -- networks and reporting cycles -------------------------------------------------------------
class DependencyFormSet(forms.BaseInlineFormSet):
    """Check the network's whole set of dependencies as it would be after saving; a link
    added, changed or deleted here is kept in the history with the reason of the
    network's form, so that reason is asked as soon as one is."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        links = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if not data.get("predecessor") or not data.get("successor"):
                continue
            links.append(
                (data["predecessor"], data["successor"], data["kind"], data["lag_days"] or 0)
            )
        try:
            services.check_dependencies(self.instance, links)
            if self.instance.pk is not None and "projects" in self.data:
                # A project taken out of the network's list while a stored link that stays
                # names it (ends of new links join the network by themselves).
                listed = {int(pk) for pk in self.data.getlist("projects") if pk.isdigit()}
                _deleted, _saved, kept = _dependency_rows(self)
                services.check_kept_projects(self.instance, listed, [f.instance for f in kept])
        except StradomError as exc:
            raise ValidationError(localize(exc)) from exc
        if self.instance.pk is not None and not (self.data.get("reason") or "").strip():
            deleted, saved, _kept = _dependency_rows(self)
            if deleted or saved:
                raise ValidationError(_("Say why this changes (a reason)."))


def _dependency_rows(formset):
    """The inline's rows: stored ones to delete, rows to save (new or changed), and the
    stored ones that stay (with their stored ends, changed or not)."""
    deleted, saved, kept = [], [], []
    for row in formset.forms:
        data = getattr(row, "cleaned_data", None) or {}
        stored = row.instance.pk is not None
        if data.get("DELETE"):
            if stored:
                deleted.append(row)
            continue
        if row.has_changed():
            saved.append(row)
        if stored:
            kept.append(row)
    for row in kept:  # the stored ends, not the form's new ones
        row.instance = (
            Dependency.objects.select_related("predecessor", "successor").get(pk=row.instance.pk)
            if row.has_changed()
            else row.instance
        )
    return deleted, saved, kept


class DependencyInline(admin.TabularInline):
    model = Dependency
    formset = DependencyFormSet
    fk_name = "network"
    extra = 0
    fields = ("predecessor", "successor", "kind", "lag_days")
    raw_id_fields = ("predecessor", "successor")


class NetworkForm(ReasonForm):
    class Meta:
        model = ProjectNetwork
        fields = list(services.NETWORK_FIELDS)


@admin.register(ProjectNetwork)
class ProjectNetworkAdmin(ReasonedDelete, AdministratorsOnly, IllustrativeColumn, admin.ModelAdmin):
    """Saves go through ``services.save_network`` and the dependencies through
    ``save_dependency`` / ``delete_dependency`` with the form's reason (asked when
    anything changes); deleting asks why and goes through ``delete_network``, which keeps
    the last values of the network and its dependencies."""

    form = NetworkForm
    list_display = ("code", "name_pl", "project_count", "example")
    search_fields = ("code", "name_pl", "name_en")
    filter_horizontal = ("projects",)
    readonly_fields = ("schedule", "history")
    inlines = [DependencyInline]
    fields = (*services.NETWORK_FIELDS, "schedule", "reason", "history")

    def save_model(self, request, obj, form, change):
        if change:
            return  # with its dependencies, in save_related: their deletions come first
        saved = services.save_network(
            {n: form.cleaned_data[n] for n in services.NETWORK_FIELDS},
            actor=request.user,
            reason=reason_given(form),
            channel="admin",
        )
        obj.pk = saved.pk
        obj._state.adding = False
        form.instance = saved

    def save_related(self, request, form, formsets, change):
        """No ``form.save_m2m()``: the projects are saved (and recorded) by the service.
        The dependencies deleted go first, then the network, then the links added or
        changed (``services.save_dependency``, checked against the whole set)."""
        reason = reason_given(form)
        formset = next(f for f in formsets if f.model is Dependency)
        deleted, saved, _kept = _dependency_rows(formset)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in deleted:
            services.delete_dependency(
                row.instance, actor=request.user, reason=reason, channel="admin"
            )
            formset.deleted_objects.append(row.instance)
        if change and form.changes_something():
            services.save_network(
                {n: form.cleaned_data[n] for n in services.NETWORK_FIELDS},
                instance=ProjectNetwork.objects.get(pk=form.instance.pk),
                actor=request.user,
                reason=reason,
                channel="admin",
            )
        for row in saved:
            values = {n: row.cleaned_data[n] for n in ("predecessor", "successor", "kind")}
            values["lag_days"] = row.cleaned_data.get("lag_days") or 0
            new = row.instance.pk is None
            link = services.save_dependency(
                {**values, "network": form.instance} if new else values,
                instance=None if new else row.instance,
                actor=request.user,
                reason=reason,
                channel="admin",
            )
            if new:
                formset.new_objects.append(link)
            else:
                formset.changed_objects.append((link, row.changed_data))

    def delete_record(self, request, obj, reason: str) -> None:
        services.delete_network(obj, actor=request.user, reason=reason, channel="admin")

    @admin.display(description=_("history"))
    def history(self, obj) -> str:
        """The network's own changes and its dependencies' (newest first)."""
        if obj is None or not obj.pk:
            return "—"
        rows = [*history_of(InstrumentChange, obj)]
        for dependency in obj.dependencies.all():
            rows.extend(history_of(InstrumentChange, dependency))
        rows.sort(key=lambda row: (row.at, row.pk), reverse=True)
        return history_table(InstrumentChange, obj, rows)

    @admin.display(description=_("projects"))
    def project_count(self, obj) -> int:
        return obj.projects.count()

    @admin.display(description=_("schedule (critical path method)"))
    def schedule(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "–"
        try:
            result = schedule_network(obj)
        except StradomError as exc:
            return localize(exc)
        if not result.projects:
            return _("No projects in this network.")
        finish = _("Earliest finish: day %(days)d") % {"days": result.finish_days}
        if result.finishes_on:
            finish += f" ({day(result.starts_on)} – {day(result.finishes_on)})"
        paths = format_html_join(
            "",
            "<li>{}</li>",
            ((" → ".join(p.code for p in path),) for path in result.critical_paths),
        )
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td></tr>",
            (
                (
                    r.instrument.code,
                    r.timing.duration,
                    r.timing.earliest_start,
                    r.timing.earliest_finish,
                    r.timing.latest_start,
                    r.timing.latest_finish,
                    r.timing.total_float,
                    "✔" if r.timing.critical else "",
                )
                for r in result.projects
            ),
        )
        return format_html(
            "{}<p>{}</p><p>{}</p><ul>{}</ul><table><thead><tr><th>{}</th><th>{}</th>"
            "<th>ES</th><th>EF</th><th>LS</th><th>LF</th><th>{}</th><th>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            format_html("<p><strong>{}</strong></p>", ILLUSTRATIVE) if result.illustrative else "",
            finish,
            _("Critical path:"),
            paths,
            _("project"),
            _("days"),
            _("float"),
            _("critical"),
            rows,
        )


@admin.register(Dependency)
class DependencyAdmin(SavedThroughService, ReasonedDelete, AdministratorsOnly, admin.ModelAdmin):
    """Saves go through ``services.save_dependency`` (checked against the network's whole
    set; a change asks why); deleting asks why and keeps the link's last values."""

    list_display = ("network", "predecessor", "successor", "kind", "lag_days")
    list_select_related = ("network", "predecessor", "successor")
    list_filter = ("network",)
    raw_id_fields = ("network", "predecessor", "successor")
    form = ReasonForm
    fields = (*services.DEPENDENCY_FIELDS, "reason", "history")
    readonly_fields = ("history",)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class Checked(form):
            def clean(self):
                data = super().clean()
                network = data.get("network")
                if network and data.get("predecessor") and data.get("successor"):
                    links = services.current_links(network, exclude=self.instance.pk)
                    links.append(
                        (
                            data["predecessor"],
                            data["successor"],
                            data["kind"],
                            data.get("lag_days") or 0,
                        )
                    )
                    try:
                        services.check_dependencies(
                            network, links, start_at=data["predecessor"].code
                        )
                    except StradomError as exc:
                        raise ValidationError(localize(exc)) from exc
                return data

        return Checked

    service_fields = tuple(services.DEPENDENCY_FIELDS)

    def save_record(self, values, *, instance, actor, reason):
        return services.save_dependency(
            values, instance=instance, actor=actor, reason=reason, channel="admin"
        )

    def delete_record(self, request, obj, reason: str) -> None:
        services.delete_dependency(obj, actor=request.user, reason=reason, channel="admin")

    @admin.display(description=_("history"))
    def history(self, obj) -> str:
        return history_table(InstrumentChange, obj)


class CycleForm(ReasonForm):
    class Meta:
        model = ReportingCycle
        fields = list(services.CYCLE_FIELDS)


# -- progress reporting -----------------------------------------------------------------------
@admin.register(ReportingCycle)
class ReportingCycleAdmin(
    SavedThroughService, ReasonedDelete, AdministratorsOnly, IllustrativeColumn, admin.ModelAdmin
):
    """Saves go through ``services.save_cycle`` (a change asks why), deleting through
    ``delete_cycle`` (asks why; a cycle progress was reported for is not deleted)."""

    form = CycleForm
    list_display = ("name_pl", "frequency", "starts_on", "grace_days", "active", "example")
    list_filter = ("frequency", "active", "illustrative")
    filter_horizontal = ("instruments",)
    fields = (*services.CYCLE_FIELDS, "reason", "history")
    readonly_fields = ("history",)

    service_fields = tuple(services.CYCLE_FIELDS)

    def save_record(self, values, *, instance, actor, reason):
        return services.save_cycle(
            values, instance=instance, actor=actor, reason=reason, channel="admin"
        )

    def save_related(self, request, form, formsets, change):
        """No ``form.save_m2m()``: the instruments are saved (and recorded) by the service."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_record(self, request, obj, reason: str) -> None:
        services.delete_cycle(obj, actor=request.user, reason=reason, channel="admin")

    @admin.display(description=_("history"))
    def history(self, obj) -> str:
        return history_table(InstrumentChange, obj)


class ProgressUpdateForm(forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = (
            "instrument",
            "cycle",
            "period",
            "percent_complete",
            "narrative",
            "risks",
            "next_steps",
            "illustrative",
        )

    def clean(self):
        data = super().clean()
        instrument = data.get("instrument")
        if instrument is None or data.get("percent_complete") is None or not data.get("period"):
            return data
        if not can(self.user, Action.MANAGE_INSTRUMENT, instrument):
            raise ValidationError(
                _(
                    "Only the manager of %(instrument)s, a coordinator of its domain or an "
                    "administrator may report on it."
                )
                % {"instrument": instrument.code}
            )
        try:
            data["period"] = services.check_progress(
                instrument, data["period"], data["percent_complete"], data.get("cycle")
            )
        except StradomError as exc:
            raise ValidationError(localize(exc)) from exc
        return data


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(IllustrativeColumn, admin.ModelAdmin):
    """Updates are history: added here, never changed or deleted."""

    form = ProgressUpdateForm
    list_display = (
        "instrument",
        "period",
        "percent_complete",
        "author",
        "created_at",
        "example",
    )
    list_filter = ("period", "illustrative")
    list_select_related = ("instrument", "author")
    search_fields = ("instrument__code", "instrument__name_pl", "narrative", "risks")
    raw_id_fields = ("instrument",)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = services.record_progress(
            obj.instrument,
            actor=request.user,
            period=obj.period,
            percent_complete=obj.percent_complete,
            narrative=obj.narrative,
            risks=obj.risks,
            next_steps=obj.next_steps,
            cycle=obj.cycle,
            illustrative=obj.illustrative,
        )
        obj.pk, obj.author, obj.created_at = created.pk, created.author, created.created_at
        obj._state.adding = False
