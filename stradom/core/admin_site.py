"""The admin site: every model admin says its sentences in grammatical Polish.

Django composes the admin's sentences from ``verbose_name`` ("Wybierz %s do zmiany",
"Dodaj %s", "Dodaj kolejne(go)(-ną)(-ny) %(verbose_name)s", "13 dziedziny"), which in
Polish needs the accusative, or a plural form by number, or an adjective that agrees.
:class:`StradomAdminSite` (``settings.INSTALLED_APPS`` names it through
:class:`stradom.core.admin_config.StradomAdminConfig`) mixes :class:`ReadableNames`
into every model admin it registers — Stradom's and the libraries' (users, groups,
sign-in lockout, task queue) — and into their inlines. Through what Django lets a
model admin change:

* titles (changelist, add, change, view, popup) and the changelist's "add" button and
  the add page's breadcrumb put the model in the accusative
  (:data:`stradom.core.admin_names.ACCUSATIVE`): "Wybierz dziedzinę zarządzania do
  zmiany", "Dodaj dziedzinę zarządzania";
* the changelist's count reads "Dziedziny zarządzania: 13" (templates
  ``admin/pagination.html`` and ``admin/actions.html``);
* the delete action is "Usuń zaznaczone"; an inline's add link "Dodaj jeszcze
  usługę publiczną"; the buttons beside a choice "Dodaj / Zmień / Usuń / Zobacz" with
  the accusative (template ``stradom/admin/related_widget_wrapper.html``);
* permissions are listed in the reader's language ("Katalog wskaźników | dziedziny
  zarządzania | dodawanie") instead of the English names Django stores.
"""

from __future__ import annotations

import json
from functools import cache

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.translation import gettext, gettext_lazy, pgettext, pgettext_lazy

from stradom.core.admin_names import accusative, count_text

_PERMISSION_ACTIONS = {
    "add": pgettext_lazy("permission", "adding"),
    "change": pgettext_lazy("permission", "changing"),
    "delete": pgettext_lazy("permission", "deleting"),
    "view": pgettext_lazy("permission", "viewing"),
}


def permission_label(permission) -> str:
    """A permission as the reader reads it: app, model (plural) and what it allows, in
    the active language; one Django does not name by model keeps its stored name."""
    model = permission.content_type.model_class()
    action, _, model_name = permission.codename.partition("_")
    if model is None or model_name != model._meta.model_name or action not in _PERMISSION_ACTIONS:
        return str(permission)
    opts = model._meta
    parts = (opts.app_config.verbose_name, opts.verbose_name_plural, _PERMISSION_ACTIONS[action])
    return " | ".join(str(part) for part in parts)


class NamedRelatedFieldWidgetWrapper(RelatedFieldWidgetWrapper):
    """The + / pencil / × / eye buttons beside a choice, titled with the accusative."""

    template_name = "stradom/admin/related_widget_wrapper.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["model_accusative"] = accusative(self.rel.model._meta)
        return context


class NamedInlineAdminFormSet(helpers.InlineAdminFormSet):
    """An inline whose "add another" link names the model in the accusative."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = pgettext("admin inline", "Add another %(name)s") % {
            "name": accusative(self.formset.model._meta)
        }
        return json.dumps(data)


class _NamedFields:
    """Fields of a model admin or an inline: buttons beside choices and permissions."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and type(field.widget) is RelatedFieldWidgetWrapper:
            field.widget.__class__ = NamedRelatedFieldWidgetWrapper  # adds words only
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.remote_field.model._meta.label == "auth.Permission":
            field.label_from_instance = permission_label
        return field


class ReadableNames(_NamedFields):
    """Mixed into every model admin by :class:`StradomAdminSite` (module docstring)."""

    def get_changelist(self, request, **kwargs):
        return _named_changelist(super().get_changelist(request, **kwargs))

    def get_inlines(self, request, obj):
        return [_named_inline(inline) for inline in super().get_inlines(request, obj)]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        verbose = self.opts.verbose_name
        titles = {
            gettext("Add %s") % verbose: "Add %s",
            gettext("Change %s") % verbose: "Change %s",
            gettext("View %s") % verbose: "View %s",
        }
        if context.get("title") in titles:  # Django's own, not one a model admin chose
            context["title"] = gettext(titles[context["title"]]) % accusative(self.opts)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for formset in inline_formsets:
            if type(formset) is helpers.InlineAdminFormSet:
                formset.__class__ = NamedInlineAdminFormSet  # adds words only
        return inline_formsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (
                function,
                name,
                pgettext_lazy("admin action", "Delete selected"),
            )
        return actions


@cache
def _named_changelist(base):
    class NamedChangeList(base):
        """Django's changelist with the title, count and "add" button in good Polish."""

        def __init__(self, request, *args, **kwargs):
            super().__init__(request, *args, **kwargs)
            name = accusative(self.opts)
            if self.is_popup:
                title = gettext("Select %s")
            elif self.model_admin.has_change_permission(request):
                title = gettext("Select %s to change")
            else:
                title = gettext("Select %s to view")
            self.title = title % name
            self.add_label = gettext("Add %s") % name
            self.count_text = count_text(self.opts, self.result_count)

    NamedChangeList.__name__ = NamedChangeList.__qualname__ = f"Named{base.__name__}"
    return NamedChangeList


@cache
def _named_inline(inline):
    if issubclass(inline, _NamedFields):
        return inline
    return type(inline.__name__, (_NamedFields, inline), {"__module__": inline.__module__})


class StradomAdminSite(admin.AdminSite):
    """The default admin site (see the module docstring)."""

    site_header = gettext_lazy("Stradom administration")
    site_title = gettext_lazy("Stradom administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ReadableNames):
            admin_class = type(
                admin_class.__name__,
                (ReadableNames, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
