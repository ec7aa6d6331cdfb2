"""Plan pages. Each view: resolve scope, call one selector or service, render."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import Capability
from stocktake.core.conflicts import conflict_form
from stocktake.core.errors import ConflictError
from stocktake.core.parsing import parse_id
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.this_week import MY_SHOWS, filter_mine, this_week
from stocktake.core.views import apply_service_errors
from stocktake.plans import selectors, services
from stocktake.plans.action_table import columns, parse_sort, rows_csv, sort_rows
from stocktake.plans.charts import status_by_theme
from stocktake.plans.forms import (
    ActionFilterForm,
    ActionForm,
    AsAtForm,
    PlanForm,
    ThemeForm,
    UpdateForm,
)
from stocktake.plans.models import Plan, Update
from stocktake.plans.position import (
    ActionFilters,
    ActionRow,
    PlanPosition,
    action_rows,
    plan_position,
)
from stocktake.plans.services.updates import EvidenceSpec, may_update

PAGE_SIZE = 50


def _asked(form: AsAtForm | ActionFilterForm) -> dt.date | None:
    """The "as at" date asked for, if any (a page with no valid date shows its default:
    today for a live plan, the plan's end or close for one that has ended)."""
    return form.cleaned_data.get("as_at") if form.is_bound and form.is_valid() else None


def _as_at_query(form: AsAtForm | ActionFilterForm) -> str:
    """The "as at" part of the query string, to carry into links (empty if not asked)."""
    asked = _asked(form)
    if asked is None:
        return ""
    return urlencode({"as_at_0": asked.day, "as_at_1": asked.month, "as_at_2": asked.year})


@authority_view(Capability.VIEW)
def dashboard(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    today = timezone.localdate()
    form = AsAtForm(request.GET or None, plan=plan, today=today)
    position = plan_position(plan, _asked(form), today)
    membership = request.membership
    # "This week" is about now: shown on a running plan's position today.
    week = None
    if not position.ended and position.as_at == today:
        visit = getattr(membership, "visit", None)
        week = this_week(membership, timezone.now(), plan=plan, visit=visit)
    return render(
        request,
        "plans/dashboard.html",
        {
            "plan": plan,
            "pos": position,
            "form": form,
            "as_at_query": _as_at_query(form),
            "week": week,
            "chart": status_by_theme(position),
        },
    )


def _listed(
    request: AuthorityRequest, plan_id: int
) -> tuple[Plan, ActionFilterForm, PlanPosition, ActionFilters, list[ActionRow]]:
    """The action list's plan, filter form, position and rows, filtered and sorted as the
    URL asks (the page and its CSV read the same)."""
    plan = selectors.plan_for(request.authority, plan_id)
    today = timezone.localdate()
    form = ActionFilterForm(request.GET or None, plan=plan, today=today)
    filters = ActionFilters()
    if form.is_bound and form.is_valid():
        chosen = {k: v for k, v in form.cleaned_data.items() if k != "as_at"}
        filters = ActionFilters(**{k: (v.pk if hasattr(v, "pk") else v) for k, v in chosen.items()})
    position = plan_position(plan, _asked(form), today)
    sort = parse_sort(request.GET.get("sort"))
    rows = sort_rows(action_rows(plan, filters, position), sort, position.as_at)
    return plan, form, position, filters, rows


@authority_view(Capability.VIEW)
def action_list(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    plan, form, position, filters, rows = _listed(request, plan_id)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort = parse_sort(request.GET.get("sort"))
    unsorted = query.copy()
    unsorted.pop("sort", None)
    return render(
        request,
        "plans/action_list.html",
        {
            "plan": plan,
            "form": form,
            "page": page,
            "as_at": position.as_at,
            "query": query.urlencode(),
            "unsorted": unsorted.urlencode(),
            "columns": columns(sort),
            "sort": sort,
            "filtered": any(vars(filters).values()),
        },
    )


@authority_view(Capability.VIEW)
def action_list_csv(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    """Every row the action list shows for the same filters and sort, as CSV."""
    plan, _form, position, _filters, rows = _listed(request, plan_id)
    response = HttpResponse(rows_csv(rows, position.as_at), content_type="text/csv")
    name = f"actions-{slugify(plan.name)[:60]}-{position.as_at:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@authority_view(Capability.VIEW)
def action_detail(request: AuthorityRequest, plan_id: int, action_id: int) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    action = selectors.action_for(plan, action_id)
    owners = list(action.owners.select_related("person"))
    found = selectors.action_history(action)
    return render(
        request,
        "plans/action_detail.html",
        {
            "plan": plan,
            "action": action,
            "owners": owners,
            "history": found,
            "today": timezone.localdate(),
            "can_update": may_update(request.membership, action) and found.closure is None,
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.POST_UPDATE)
def update_create(request: AuthorityRequest, plan_id: int, action_id: int) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    action = selectors.action_for(plan, action_id)
    if not may_update(request.membership, action):
        raise PermissionDenied("You can only post updates on actions you own")
    today = timezone.localdate()
    form = UpdateForm(request.POST or None, request.FILES or None, action=action, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update = services.update_submit(
                action=action,
                membership=request.membership,
                actor=request.user,
                text=data["text"],
                date=data["date"],
                week=data["week"],
                rag=data["rag"],
                part=data.get("part") or "",
                delivery_status=data["delivery_status"],
                impact_status=data["impact_status"],
                reason=data["reason"],
                today=today,
                evidence=EvidenceSpec(
                    file=data["evidence_file"],
                    link=data["evidence_link"],
                    title=data["evidence_title"],
                ),
                submission=data["submission"],
            )
        except services.AlreadyPosted as repeat:
            messages.success(request, f"{repeat}. It has not been posted twice")
            return redirect("plans:action_detail", request.authority.slug, plan.pk, action.pk)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _posted_message(action.reference, update))
            return redirect("plans:action_detail", request.authority.slug, plan.pk, action.pk)
    return render(request, "plans/update_form.html", {"plan": plan, "action": action, "form": form})


@authority_view(Capability.VIEW)
def my_actions(request: AuthorityRequest) -> HttpResponse:
    """The member's open actions; "This week" links here narrowed by `show` (due, overdue,
    returned) and optionally to one `plan`."""
    today = timezone.localdate()
    actions = selectors.my_actions(request.authority, request.user)
    show = request.GET.get("show", "")
    show = show if show in MY_SHOWS else ""
    plan_id = parse_id(request.GET.get("plan"))
    if plan_id is not None:
        actions = actions.filter(plan_id=plan_id)
    return render(
        request,
        "plans/my_actions.html",
        {
            "actions": filter_mine(actions, show, today),
            "show": show,
            "narrowed": bool(show or plan_id is not None),
            "today": today,
        },
    )


@authority_view(Capability.VIEW)
def calendar(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    return render(
        request,
        "plans/calendar.html",
        {
            "plan": plan,
            "weeks": selectors.plan_calendar(plan),
            "today": timezone.localdate(),
        },
    )


@authority_view(Capability.VIEW)
def plan_findings(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    return render(
        request,
        "plans/findings.html",
        {
            "plan": plan,
            "findings": list(plan.findings.all()),
            "measures": list(plan.measures.select_related("theme")),
        },
    )


@authority_view(Capability.VIEW)
def evidence_download(request: AuthorityRequest, evidence_id: int) -> HttpResponseBase:
    item = selectors.evidence_for(request.authority, evidence_id)
    if not item.file:
        return redirect(item.link)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name or (item.file.name or "").rsplit("/", 1)[-1],
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def plan_create(request: AuthorityRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, authority=request.authority)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            plan = services.plan_create(
                authority=request.authority,
                actor=request.user,
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Plan “{plan.name}” created")
            return redirect("plans:dashboard", request.authority.slug, plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def plan_edit(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    initial = PlanForm.initial_for(plan)
    form = PlanForm(
        request.POST or None, initial=initial, authority=plan.authority, exclude=plan.pk
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.plan_update(
                plan=plan,
                actor=request.user,
                expected_version=version,
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = PlanForm.initial_for(error.current)
            conflict_form(form, noun="plan", saved=saved, version=error.current.version)
        else:
            messages.success(request, "Plan details saved")
            return redirect("plans:dashboard", plan.authority.slug, plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def theme_form(
    request: AuthorityRequest, plan_id: int, theme_id: int | None = None
) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    theme = selectors.theme_for(plan, theme_id) if theme_id else None
    initial = ThemeForm.initial_for(theme) if theme else {}
    form = ThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        name, position = form.cleaned_data["name"], form.cleaned_data["position"]
        try:
            if theme:
                services.theme_update(
                    theme=theme,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    name=name,
                    position=theme.position if position is None else position,
                )
            else:
                services.theme_create(
                    plan=plan,
                    actor=request.user,
                    name=name,
                    position=position,
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = ThemeForm.initial_for(error.current)
            conflict_form(form, noun="theme", saved=saved, version=error.current.version)
        else:
            messages.success(request, f"Theme “{name}” saved")
            return redirect("plans:dashboard", plan.authority.slug, plan.pk)
    return render(request, "plans/theme_form.html", {"form": form, "plan": plan, "theme": theme})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def action_form(
    request: AuthorityRequest, plan_id: int, action_id: int | None = None
) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    action = selectors.action_for(plan, action_id) if action_id else None
    initial = ActionForm.initial_for(action) if action else {}
    form = ActionForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            if action:
                action = services.action_update(
                    action=action,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    fields=form.to_fields(),
                )
            else:
                action = services.action_create(
                    plan=plan,
                    actor=request.user,
                    fields=form.to_fields(),
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            current = error.current
            conflict_form(
                form,
                noun="action",
                saved=ActionForm.initial_for(current),
                version=current.version,
                extra=form.owners_differ(current),
            )
        else:
            messages.success(request, f"Action {action.reference} saved")
            return redirect("plans:action_detail", plan.authority.slug, plan.pk, action.pk)
    return render(
        request,
        "plans/action_form.html",
        {
            "form": form,
            "plan": plan,
            "action": action,
        },
    )


def _posted_message(reference: str, update: Update) -> str:
    """Say that what the update proposes counts only once a lead accepts it."""
    proposes = update.rag or update.delivery_status or update.impact_status
    if not proposes or update.reviews.exists():
        return f"Update posted on {reference}"
    return f"Update posted on {reference}. Its RAG and status count once a lead accepts it"
