"""The update cycle page: what the signed-in member must update this window and what was
returned to them; for leads, who has and hasn't updated and the reminders sent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import Capability
from stocktake.core.conflicts import conflict_form
from stocktake.core.errors import ConflictError
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.governance import compliance, selectors, services
from stocktake.governance import cycle as cycle_reads
from stocktake.governance.forms import WindowForm
from stocktake.plans.selectors import plan_for


@authority_view(Capability.VIEW)
def cycle(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request.authority, plan_id)
    membership = request.membership
    now = timezone.now()
    window = cycle_reads.window_for(plan)
    times = cycle_reads.window_times(window, now)
    my_people = selectors.people_of(plan.authority, request.user)
    mine = cycle_reads.actions_to_update(plan, now, person_ids=my_people)
    my_actions = {item.action.pk: item for entry in mine.values() for item in entry.actions}
    context = {
        "plan": plan,
        "window": window,
        "times": times,
        "my_items": sorted(my_actions.values(), key=lambda i: (i.action.number, i.action.pk)),
        "returned": selectors.returned_updates(plan, my_people) if my_people else [],
        "is_lead": membership.can(Capability.REVIEW_UPDATES),
        "can_run": membership.can(Capability.RUN_GOVERNANCE),
    }
    if context["is_lead"]:
        _, context["progress"] = cycle_reads.plan_progress(plan, now)
        context["waiting"] = selectors.review_queue(plan).count()
        context["compliance"] = compliance.update_compliance(plan, now)
    return render(request, "governance/cycle.html", context)


@require_http_methods(["GET", "POST"])
@authority_view(Capability.RUN_GOVERNANCE)
def window_form(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    authority = request.authority
    plan = plan_for(authority, plan_id)
    initial = WindowForm.initial_for(cycle_reads.window_for(plan))
    form = WindowForm(request.POST or None, initial=initial, authority_id=authority.pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.window_set(plan=plan, actor=request.user, expected_version=version, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = WindowForm.initial_for(error.current)
            conflict_form(form, noun="update window", saved=saved, version=error.current.version)
        else:
            messages.success(request, "Update window saved")
            return redirect("governance:cycle", authority.slug, plan.pk)
    return render(request, "governance/window_form.html", {"form": form, "plan": plan})
