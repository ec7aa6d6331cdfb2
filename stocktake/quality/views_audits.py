"""One audit: reading it (every view is logged), recording it, moderating it, its actions,
safeguarding concerns and learning themes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stocktake.accounts.roles import Capability
from stocktake.core.errors import ConflictError
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.quality import presenters, selectors, services
from stocktake.quality.forms import (
    ActionCompleteForm,
    AuditActionForm,
    AuditForm,
    ConcernCloseForm,
    ConcernForm,
    ModerationForm,
    TagForm,
)
from stocktake.quality.models import CaseAudit

RECORD, RUN = Capability.RECORD_AUDITS, Capability.RUN_AUDITS


def _audit(request: AuthorityRequest, audit_id: int) -> CaseAudit:
    audit: CaseAudit = selectors.audit_for(
        request.authority, request.membership, request.user, audit_id
    )
    return audit


def _is(person: Any, request: AuthorityRequest) -> bool:
    return person is not None and person.user_id == request.user.pk


def _may_record(request: AuthorityRequest, audit: CaseAudit) -> bool:
    return _is(audit.auditor, request) or (
        request.membership.can(RECORD) and selectors.sees_every_audit(request.membership)
    )


def _may_moderate(request: AuthorityRequest, audit: CaseAudit) -> bool:
    return request.membership.can(RUN) or _is(audit.moderator, request)


def _back(request: AuthorityRequest, audit: CaseAudit) -> HttpResponse:
    return redirect("quality:audit_detail", request.authority.slug, audit.pk)


@require_safe
@authority_view(Capability.VIEW)
def audit_detail(request: AuthorityRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    services.audit_viewed(audit=audit, actor=request.user)
    return render(
        request,
        "quality/audit_detail.html",
        {
            "audit": audit,
            "view": presenters.audit_view(audit, timezone.localdate()),
            "may_record": _may_record(request, audit) and not audit.is_completed,
            "may_moderate": _may_moderate(request, audit),
            "may_act": request.membership.can(RECORD),
            "may_close": request.membership.can(RUN),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(RECORD, write=RECORD)
def audit_record(request: AuthorityRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    if not _may_record(request, audit):
        raise PermissionDenied("Only the audit's auditor can record it")
    form = AuditForm(request.POST or None, audit=audit)
    if request.method == "GET":
        services.audit_viewed(audit=audit, actor=request.user, page="record")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = services.AuditFields(
            grades=form.grades(),
            completed_on=data["completed_on"],
            **{
                k: data[k] or ""
                for k in (
                    "overall_grade",
                    "strengths",
                    "development",
                    "child_voice",
                    "practitioner_feedback",
                    "manager_feedback",
                )
            },
        )
        complete = "complete" in request.POST
        try:
            services.audit_save(
                audit=audit,
                actor=request.user,
                fields=fields,
                complete=complete,
                expected_version=int(request.POST.get("version") or audit.version),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError:
            form.add_error(
                None,
                "Someone else saved this audit while you were writing. "
                "Reload the page to see what they saved",
            )
        else:
            done = "completed" if complete else "saved as a draft"
            messages.success(request, f"The audit of case {audit.case_reference} is {done}")
            return _back(request, audit)
    return render(request, "quality/audit_form.html", {"form": form, "audit": audit})


@require_http_methods(["GET", "POST"])
@authority_view(RECORD, write=RECORD)
def audit_moderate(request: AuthorityRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    if not _may_moderate(request, audit):
        raise PermissionDenied("Only the QA lead or the audit's moderator can moderate it")
    form = ModerationForm(request.POST or None, audit=audit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decisions = [
            services.DomainDecision(
                g.domain_id, data[f"grade_{g.domain_id}"], data[f"reason_{g.domain_id}"]
            )
            for g, _, _ in form.rows
        ]
        try:
            services.moderation_record(
                audit=audit,
                actor=request.user,
                moderated_on=data["moderated_on"],
                overall_grade=data["overall_grade"],
                reason=data["reason"],
                decisions=decisions,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Moderation of case {audit.case_reference} recorded")
            return _back(request, audit)
    return render(request, "quality/moderation_form.html", {"form": form, "audit": audit})


@require_http_methods(["GET", "POST"])
@authority_view(RECORD, write=RECORD)
def action_create(request: AuthorityRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    form = AuditActionForm(request.POST or None, people=selectors.people(request.authority))
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_action_create(audit=audit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Action raised on case {audit.case_reference}")
            return _back(request, audit)
    return render(request, "quality/action_form.html", {"form": form, "audit": audit})


@require_http_methods(["GET", "POST"])
@authority_view(RECORD, write=RECORD)
def action_complete(request: AuthorityRequest, action_id: int) -> HttpResponse:
    action = selectors.action_for(request.authority, request.membership, request.user, action_id)
    form = ActionCompleteForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_action_complete(
                action=action,
                actor=request.user,
                completed_on=form.cleaned_data["completed_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Audit action recorded as done")
            return _back(request, action.audit)
    return render(request, "quality/action_complete.html", {"form": form, "action": action})


@require_http_methods(["GET", "POST"])
@authority_view(RECORD, write=RECORD)
def concern_raise(request: AuthorityRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(
                audit=audit, actor=request.user, description=form.cleaned_data["description"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            told = ", ".join(f"{a['who']} ({a['outcome']})" for a in concern.alerted)
            messages.success(request, f"Safeguarding concern raised. Told: {told or 'nobody'}")
            return _back(request, audit)
    return render(request, "quality/concern_form.html", {"form": form, "audit": audit})


@require_POST
@authority_view(RUN, write=RUN)
def concern_close(request: AuthorityRequest, concern_id: int) -> HttpResponse:
    concern = selectors.concern_for(request.authority, concern_id)
    form = ConcernCloseForm(request.POST)
    if form.is_valid():
        try:
            services.concern_close(
                concern=concern, actor=request.user, action_taken=form.cleaned_data["action_taken"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Safeguarding concern closed")
            return _back(request, concern.audit)
    audit = concern.audit
    return render(
        request,
        "quality/audit_detail.html",
        {
            "audit": audit,
            "view": presenters.audit_view(audit, timezone.localdate()),
            "close_form": form,
            "closing": concern.pk,
            "may_close": True,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
@authority_view(RECORD, write=RECORD)
def theme_tag(request: AuthorityRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    form = TagForm(
        request.POST or None,
        themes=selectors.themes(request.authority),
        domains=audit.round.version.domains.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_tag(audit=audit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Learning themes added to case {audit.case_reference}")
            return _back(request, audit)
    return render(request, "quality/tag_form.html", {"form": form, "audit": audit})
