"""Findings: a finding's page, adding one, pasting a list, and linking it to actions,
measures and earlier findings. Each view: resolve scope, call one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import Capability
from stocktake.core.conflicts import conflict_form
from stocktake.core.errors import ConflictError
from stocktake.core.parsing import parse_id
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.findings import selectors, services
from stocktake.findings.capture import split_list
from stocktake.findings.choices import DEFAULT_FINDING_KIND, FindingKind
from stocktake.findings.forms import CaptureForm, FindingForm, ImpactForm, LinksForm, RepeatsForm
from stocktake.plans.selectors import plan_for


@authority_view(Capability.VIEW)
def finding_detail(request: AuthorityRequest, finding_id: int) -> HttpResponse:
    finding = selectors.finding_for(request.authority, finding_id)
    return render(
        request,
        "findings/finding_detail.html",
        {
            "finding": finding,
            "page": selectors.finding_page(finding),
            "can_edit": request.membership.can(Capability.EDIT_PLAN),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def finding_create(request: AuthorityRequest, source_id: int) -> HttpResponse:
    source = selectors.source_for(request.authority, source_id)
    initial = {"kind": DEFAULT_FINDING_KIND.get(source.kind, FindingKind.AREA_FOR_IMPROVEMENT)}
    form = FindingForm(
        request.POST or None, initial=initial, parents=selectors.parent_choices(source, None)
    )
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_create(
                source=source,
                actor=request.user,
                fields=form.to_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Finding {finding.reference} added".replace("  ", " "))
            return redirect("findings:source_detail", source.authority.slug, source.pk)
    return render(
        request, "findings/finding_form.html", {"form": form, "source": source, "finding": None}
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def finding_edit(request: AuthorityRequest, finding_id: int) -> HttpResponse:
    finding = selectors.finding_for(request.authority, finding_id)
    form = FindingForm(
        request.POST or None,
        initial=FindingForm.initial_for(finding),
        parents=selectors.parent_choices(finding.source, finding),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_update(
                finding=finding,
                actor=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                fields=form.to_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = FindingForm.initial_for(error.current)
            conflict_form(form, noun="finding", saved=saved, version=error.current.version)
        else:
            messages.success(request, "Finding saved")
            return redirect("findings:finding_detail", finding.source.authority.slug, finding.pk)
    return render(
        request,
        "findings/finding_form.html",
        {"form": form, "source": finding.source, "finding": finding},
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def capture(request: AuthorityRequest, source_id: int) -> HttpResponse:
    """Paste a list; see one finding per item; save them all, or change the text and check
    again. Saving re-reads the text, so what is saved is what the preview showed."""
    source = selectors.source_for(request.authority, source_id)
    initial = {"kind": DEFAULT_FINDING_KIND.get(source.kind, FindingKind.AREA_FOR_IMPROVEMENT)}
    form = CaptureForm(request.POST or None, initial=initial)
    preview, problems = None, []
    if request.method == "POST" and form.is_valid():
        preview = split_list(form.cleaned_data["text"])
        problems = services.capture_check(source, preview.items)
        if "confirm" in request.POST and not problems:
            try:
                created = services.findings_capture(
                    source=source,
                    actor=request.user,
                    items=split_list(form.cleaned_data["text"]).items,
                    kind=form.cleaned_data["kind"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"{len(created)} findings added")
                return redirect("findings:source_detail", source.authority.slug, source.pk)
        for problem in problems:
            form.add_error("text", problem)
    return render(
        request,
        "findings/capture.html",
        {"form": form, "source": source, "preview": preview, "problems": problems},
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def finding_links(request: AuthorityRequest, finding_id: int) -> HttpResponse:
    authority = request.authority
    finding = selectors.finding_for(authority, finding_id)
    plans = list(selectors.plans_of(authority))
    wanted = request.POST.get("plan") or request.GET.get("plan")
    wanted_id = parse_id(wanted)
    plan = plan_for(authority, wanted_id) if wanted_id else None
    if plan is None and not plans:
        return render(request, "findings/finding_links.html", {"finding": finding, "plan": None})
    plan = plan or plans[0]
    choices = selectors.link_choices(finding, plan)
    form = LinksForm(
        request.POST if request.method == "POST" else None,
        initial=LinksForm.initial_for(finding, choices),
        actions=choices.actions,
        measures=choices.measures,
    )
    if request.method == "POST" and form.is_valid():
        actions, measures = form.chosen()
        try:
            services.finding_links_set(
                finding=finding,
                actor=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                plan=plan,
                actions=actions,
                measures=measures,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            now = LinksForm.initial_for(error.current, selectors.link_choices(error.current, plan))
            conflict_form(form, noun="finding", saved=now, version=error.current.version)
        else:
            messages.success(request, f"Links to {plan.name} saved")
            return redirect("findings:finding_detail", authority.slug, finding.pk)
    return render(
        request,
        "findings/finding_links.html",
        {"finding": finding, "plan": plan, "plans": plans, "form": form},
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def finding_repeats(request: AuthorityRequest, finding_id: int) -> HttpResponse:
    authority = request.authority
    finding = selectors.finding_for(authority, finding_id)
    form = RepeatsForm(
        request.POST if request.method == "POST" else None,  # no box ticked is an answer too
        initial=RepeatsForm.initial_for(finding),
        choices=selectors.repeat_choices(finding),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_set_repeats(
                finding=finding,
                actor=request.user,
                earlier=form.chosen(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = RepeatsForm.initial_for(error.current)
            conflict_form(form, noun="finding", saved=saved, version=error.current.version)
        else:
            messages.success(request, "Repeats saved")
            return redirect("findings:finding_detail", authority.slug, finding.pk)
    return render(request, "findings/finding_repeats.html", {"finding": finding, "form": form})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def impact_edit(request: AuthorityRequest, finding_id: int, link_id: int) -> HttpResponse:
    authority = request.authority
    finding = selectors.finding_for(authority, finding_id)
    link = selectors.impact_link_for(finding, link_id)
    form = ImpactForm(request.POST or None, initial=ImpactForm.initial_for(link))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.impact_link_update(
                link=link, actor=request.user, expected_version=version, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = ImpactForm.initial_for(error.current)
            conflict_form(form, noun="reading", saved=saved, version=error.current.version)
        else:
            messages.success(request, "Measure reading saved")
            return redirect("findings:finding_detail", authority.slug, finding.pk)
    return render(
        request,
        "findings/impact_form.html",
        {"finding": finding, "link": link, "form": form, "indicator": link.evidence},
    )
