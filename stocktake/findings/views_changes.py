"""Linking a finding to indicators, and deleting a finding or a source (each after a page
saying what will go with it). Each view: resolve scope, call one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import Capability
from stocktake.core.conflicts import conflict_form
from stocktake.core.errors import ConflictError
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.findings import selectors, services
from stocktake.findings.forms import IndicatorsForm


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def finding_indicators(request: AuthorityRequest, finding_id: int) -> HttpResponse:
    authority = request.authority
    finding = selectors.finding_for(authority, finding_id)
    form = IndicatorsForm(
        request.POST if request.method == "POST" else None,  # no box ticked is an answer too
        initial=IndicatorsForm.initial_for(finding),
        choices=selectors.indicator_choices(authority),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_link_indicators(
                finding=finding,
                actor=request.user,
                indicators=form.chosen(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = IndicatorsForm.initial_for(error.current)
            conflict_form(form, noun="finding", saved=saved, version=error.current.version)
        else:
            messages.success(request, "Indicators saved")
            return redirect("findings:finding_detail", authority.slug, finding.pk)
    return render(request, "findings/finding_indicators.html", {"finding": finding, "form": form})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def finding_delete(request: AuthorityRequest, finding_id: int) -> HttpResponse:
    authority = request.authority
    finding = selectors.finding_for(authority, finding_id)
    if request.method == "POST":
        source = finding.source
        name = f"Finding {finding.reference}".strip() if finding.reference else "The finding"
        services.finding_delete(finding=finding, actor=request.user)
        messages.success(request, f"{name} deleted")
        return redirect("findings:source_detail", authority.slug, source.pk)
    return render(
        request,
        "findings/finding_delete.html",
        {"finding": finding, "removal": selectors.finding_removal(finding)},
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def source_delete(request: AuthorityRequest, source_id: int) -> HttpResponse:
    authority = request.authority
    source = selectors.source_for(authority, source_id)
    if request.method == "POST":
        title = source.title
        services.source_delete(source=source, actor=request.user)
        messages.success(request, f"“{title}” deleted")
        return redirect("findings:index", authority.slug)
    return render(
        request,
        "findings/source_delete.html",
        {"source": source, "removal": selectors.source_removal(source)},
    )
