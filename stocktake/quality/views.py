"""The audit programme: the QA overview, "my audits", scheduling a round, a round's
completion, assigning an audit, and the overdue audit actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from stocktake.accounts.roles import Capability
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.quality import selectors, services
from stocktake.quality.forms import AssignForm, RoundForm

VIEW, RUN, RECORD = Capability.VIEW_AUDITS, Capability.RUN_AUDITS, Capability.RECORD_AUDITS


@require_safe
@authority_view(VIEW)
def overview(request: AuthorityRequest) -> HttpResponse:
    authority, today = request.authority, timezone.localdate()
    audits = selectors.visible_audits(authority, request.membership, request.user)
    return render(
        request,
        "quality/overview.html",
        {
            "programme": selectors.programme(authority, today),
            "results": selectors.results_by_month(audits)[-6:],
            "overdue": selectors.overdue_actions(authority, today)[:10],
            "concerns": selectors.open_concerns(authority),
            "to_moderate": selectors.moderation_queue(audits)[:20],
            "has_framework": selectors.frameworks(authority).exists(),
            "can_run": request.membership.can(RUN),
            "today": today,
            "illustrative": selectors.any_illustrative(authority),
        },
    )


@require_safe
@authority_view(RECORD)
def my_audits(request: AuthorityRequest) -> HttpResponse:
    mine = selectors.my_audits(request.authority, request.user)
    return render(request, "quality/my_audits.html", {"mine": mine, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@authority_view(RUN, write=RUN)
def round_create(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    form = RoundForm(
        request.POST or None,
        frameworks=selectors.frameworks(authority),
        auditors=selectors.auditors(authority),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit_round = services.round_create(
                authority=authority,
                actor=request.user,
                fields=services.RoundFields(
                    title=data["title"],
                    version=data["framework"].current,
                    due_date=data["due_date"],
                    kind=data["kind"],
                    theme=data["theme"],
                    moderation_share=data["moderation_share"],
                    sample=data["sample"],
                ),
                references=data["references"],
                auditors=list(data["auditors"]),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"{audit_round.title}: {audit_round.audits.count()} cases scheduled"
            )
            return redirect("quality:round_detail", authority.slug, audit_round.pk)
    return render(request, "quality/round_form.html", {"form": form})


@require_safe
@authority_view(VIEW)
def round_detail(request: AuthorityRequest, round_id: int) -> HttpResponse:
    audit_round = selectors.round_for(request.authority, round_id)
    audits = audit_round.audits.select_related("auditor", "moderator", "moderation").order_by(
        "case_reference"
    )
    return render(
        request,
        "quality/round_detail.html",
        {
            "round": audit_round,
            "audits": audits,
            "today": timezone.localdate(),
            "can_run": request.membership.can(RUN),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(RUN, write=RUN)
def audit_assign(request: AuthorityRequest, audit_id: int) -> HttpResponse:
    authority = request.authority
    audit = selectors.audit_for(authority, request.membership, request.user, audit_id)
    initial = {
        "auditor": audit.auditor_id,
        "moderator": audit.moderator_id,
        "practitioner": audit.practitioner,
        "team_manager": audit.team_manager_id,
        "due_date": audit.due_date,
    }
    form = AssignForm(
        request.POST or None,
        initial=initial,
        people=selectors.people(authority),
        auditors=selectors.auditors(authority),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_assign(audit=audit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Case {audit.case_reference}: assignment saved")
            return redirect("quality:round_detail", authority.slug, audit.round_id)
    return render(request, "quality/assign_form.html", {"form": form, "audit": audit})


@require_safe
@authority_view(VIEW)
def actions(request: AuthorityRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "quality/actions.html",
        {"overdue": selectors.overdue_actions(request.authority, today), "today": today},
    )
