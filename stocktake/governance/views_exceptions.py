"""The exceptions list for the chief executive's meeting, and flagging or resolving an
action's need for corporate unblock."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import OWN_ACTIONS_ONLY, Capability
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.governance import presenters, selectors, services
from stocktake.governance.forms import ResolveForm, UnblockForm
from stocktake.plans.history import default_as_at
from stocktake.plans.selectors import action_for, plan_for


@authority_view(Capability.VIEW)
def exceptions(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request.authority, plan_id)
    membership = request.membership
    # As at today for a live plan; at its end (or close) for one that has ended.
    as_at = default_as_at(plan, timezone.localdate())
    items = selectors.exceptions(plan, as_at)
    own_only = membership.role in OWN_ACTIONS_ONLY
    if own_only:
        mine = selectors.owned_action_ids(plan, request.user)
        items = [item for item in items if item.action.pk in mine]
    unblocks = {r.action_id: r for r in selectors.open_unblocks(plan)}
    counts, all_count = presenters.reason_counts(items), len(items)
    chart = presenters.exceptions_by_age(items)
    reason = presenters.REASON_KEYS.get(request.GET.get("reason", ""))
    if reason:
        items = [item for item in items if reason in item.reasons]
    return render(
        request,
        "governance/exceptions.html",
        {
            "plan": plan,
            "as_at": as_at,
            "items": items,
            "rows": [(item, unblocks.get(item.action.pk)) for item in items],
            "full": request.GET.get("view") == "full",
            "chart": chart,
            "counts": [(r, n, presenters.reason_key(r)) for r, n in counts],
            "reason": reason,
            "reason_key": presenters.reason_key(reason) if reason else "",
            "all_count": all_count,
            "unblocks": unblocks,
            "own_only": own_only,
            "can_flag": membership.can(Capability.REVIEW_UPDATES),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.REVIEW_UPDATES)
def unblock(request: AuthorityRequest, plan_id: int, action_id: int) -> HttpResponse:
    authority = request.authority
    plan = plan_for(authority, plan_id)
    action = action_for(plan, action_id)
    form = UnblockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unblock_raise(action=action, actor=request.user, ask=form.cleaned_data["ask"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{action.reference} flagged as needing corporate unblock")
            return redirect("governance:exceptions", authority.slug, plan.pk)
    return render(
        request, "governance/unblock_form.html", {"plan": plan, "action": action, "form": form}
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.REVIEW_UPDATES)
def resolve(request: AuthorityRequest, plan_id: int, request_id: int) -> HttpResponse:
    authority = request.authority
    plan = plan_for(authority, plan_id)
    unblock_request = selectors.unblock_for(plan, request_id)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unblock_resolve(
                request=unblock_request,
                actor=request.user,
                resolution=form.cleaned_data["resolution"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{unblock_request.action.reference} marked as resolved")
            return redirect("governance:exceptions", authority.slug, plan.pk)
    return render(
        request,
        "governance/resolve_form.html",
        {"plan": plan, "unblock": unblock_request, "form": form},
    )
