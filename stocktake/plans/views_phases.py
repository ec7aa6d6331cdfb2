"""12-week phases: closing one (a confirmation page listing what carries over) and writing
its narrative."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import Capability
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.plans import selectors
from stocktake.plans.forms_phases import PhaseCloseForm, PhaseNarrativeForm
from stocktake.plans.history import phase_narrative_as_of
from stocktake.plans.models import Plan
from stocktake.plans.position import plan_position
from stocktake.plans.services.phases import (
    NextPhase,
    awaiting_review,
    phase_close,
    phase_narrative_record,
)

PHASE_WEEKS = 12


def _next_phase_initial(plan: Plan) -> dict[str, object]:
    """A suggestion: the next 12 weeks, named after this phase ("Phase 2" → "Phase 3")."""
    start = plan.end_date + dt.timedelta(days=1)
    words = plan.name.rsplit(" ", 1)
    name = f"{words[0]} {int(words[1]) + 1}" if len(words) == 2 and words[1].isdigit() else ""
    return {
        "name": name,
        "start_date": start,
        "end_date": start + dt.timedelta(weeks=PHASE_WEEKS, days=-1),
    }


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def phase_close_view(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    form = PhaseCloseForm(request.POST or None, initial=_next_phase_initial(plan))
    if request.method == "POST" and form.is_valid():
        try:
            closure = phase_close(
                plan=plan, actor=request.user, next_phase=NextPhase(**form.cleaned_data)
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{plan.name} closed; unfinished actions carried over")
            return redirect("plans:dashboard", plan.authority.slug, closure.next_plan_id)
    today = timezone.localdate()
    position = plan_position(plan, today, today)
    return render(
        request,
        "plans/phase_close.html",
        {
            "plan": plan,
            "form": form,
            "pos": position,
            "carried": position.open_rows,
            "waiting": awaiting_review(plan),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def phase_narrative_view(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_for(request.authority, plan_id)
    current = phase_narrative_as_of(plan, timezone.now())
    initial = (
        {name: getattr(current, name) for name in PhaseNarrativeForm.base_fields} if current else {}
    )
    form = PhaseNarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            phase_narrative_record(plan=plan, actor=request.user, sections=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Narrative for {plan.name} saved")
            return redirect("plans:dashboard", plan.authority.slug, plan.pk)
    return render(
        request,
        "plans/phase_narrative.html",
        {"plan": plan, "form": form, "current": current},
    )
