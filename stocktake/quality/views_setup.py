"""Setting up and learning from the programme: frameworks and their versions, learning
themes, importing audits from a file, and the monthly audit report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stocktake.accounts.roles import Capability
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.quality import reporting, selectors, services
from stocktake.quality.forms import (
    FrameworkForm,
    FrameworkReviseForm,
    ReportForm,
    ThemeForm,
    ThemeLinksForm,
    UploadForm,
    read_domains,
    write_domains,
)
from stocktake.quality.services.uploads import (
    UploadRefused,
    audit_upload_apply,
    audit_upload_create,
)

VIEW, RUN = Capability.VIEW_AUDITS, Capability.RUN_AUDITS


@require_safe
@authority_view(VIEW)
def framework_list(request: AuthorityRequest) -> HttpResponse:
    frameworks = selectors.frameworks(request.authority).prefetch_related("versions__domains")
    return render(
        request,
        "quality/frameworks.html",
        {"frameworks": frameworks, "can_run": request.membership.can(RUN)},
    )


@require_http_methods(["GET", "POST"])
@authority_view(RUN, write=RUN)
def framework_create(request: AuthorityRequest) -> HttpResponse:
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            framework = services.framework_create(
                authority=request.authority,
                actor=request.user,
                name=data["name"],
                description=data["description"],
                domains=read_domains(data["domains"]),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Framework {framework.name} created")
            return redirect("quality:framework_detail", request.authority.slug, framework.pk)
    return render(request, "quality/framework_form.html", {"form": form})


@require_safe
@authority_view(VIEW)
def framework_detail(request: AuthorityRequest, framework_id: int) -> HttpResponse:
    framework = selectors.framework_for(request.authority, framework_id)
    versions = framework.versions.prefetch_related("domains").order_by("-number")
    return render(
        request,
        "quality/framework_detail.html",
        {"framework": framework, "versions": versions, "can_run": request.membership.can(RUN)},
    )


@require_http_methods(["GET", "POST"])
@authority_view(RUN, write=RUN)
def framework_revise(request: AuthorityRequest, framework_id: int) -> HttpResponse:
    framework = selectors.framework_for(request.authority, framework_id)
    form = FrameworkReviseForm(
        request.POST or None, initial={"domains": write_domains(framework.current)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.framework_revise(
                framework=framework,
                actor=request.user,
                domains=read_domains(form.cleaned_data["domains"]),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{framework.name}: version {version.number} saved")
            return redirect("quality:framework_detail", request.authority.slug, framework.pk)
    return render(request, "quality/framework_form.html", {"form": form, "framework": framework})


@require_safe
@authority_view(VIEW)
def learning(request: AuthorityRequest) -> HttpResponse:
    summaries, months = selectors.learning_summary(request.authority)
    return render(
        request,
        "quality/learning.html",
        {
            "summaries": summaries,
            "months": months,
            "can_run": request.membership.can(RUN),
            "illustrative": selectors.any_illustrative(request.authority),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(RUN, write=RUN)
def theme_create(request: AuthorityRequest) -> HttpResponse:
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.learning_theme_create(
                authority=request.authority, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Theme “{theme.name}” added")
            return redirect("quality:theme_detail", request.authority.slug, theme.pk)
    return render(request, "quality/theme_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@authority_view(VIEW, write=RUN)
def theme_detail(request: AuthorityRequest, theme_id: int) -> HttpResponse:
    authority = request.authority
    theme = selectors.theme_for(authority, theme_id)
    form = ThemeLinksForm(
        request.POST or None,
        initial={"findings": list(theme.findings.all()), "actions": list(theme.actions.all())},
        findings=selectors.finding_choices(authority),
        actions=selectors.action_choices(authority),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_theme_link(theme=theme, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Links for “{theme.name}” saved")
            return redirect("quality:theme_detail", authority.slug, theme.pk)
    return render(
        request,
        "quality/theme_detail.html",
        {
            "theme": theme,
            "form": form,
            "tags": selectors.theme_tags(theme),
            "can_run": request.membership.can(RUN),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(RUN, write=RUN)
def upload_new(request: AuthorityRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = audit_upload_create(
                authority=request.authority,
                actor=request.user,
                filename=upload.name,
                data=upload.read(),
            )
        except UploadRefused as refused:
            problems = refused.problems
        else:
            return redirect("quality:upload_detail", request.authority.slug, run.pk)
    return render(request, "quality/upload_new.html", {"form": form, "problems": problems})


@require_safe
@authority_view(RUN)
def upload_detail(request: AuthorityRequest, upload_id: int) -> HttpResponse:
    run = selectors.upload_for(request.authority, upload_id)
    return render(request, "quality/upload_detail.html", {"run": run})


@require_POST
@authority_view(RUN, write=RUN)
def upload_apply(request: AuthorityRequest, upload_id: int) -> HttpResponse:
    run = selectors.upload_for(request.authority, upload_id)
    try:
        run = audit_upload_apply(upload=run, actor=request.user)
    except UploadRefused as refused:
        context = {"run": run, "problems": refused.problems}
        return render(request, "quality/upload_detail.html", context, status=409)
    messages.success(request, f"Audits from {run.filename} imported")
    return redirect("quality:overview", request.authority.slug)


@require_http_methods(["GET", "POST"])
@authority_view(VIEW, write=RUN)
def report(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    today = timezone.localdate()
    form = ReportForm(
        request.POST or None,
        plans=selectors.plan_choices(authority),
        initial={"month": str(today.month), "year": today.year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issued = reporting.audit_report_request(
            authority=authority,
            plan=data["plan"],
            year=data["year"],
            month=int(data["month"]),
            actor=request.user,
        )
        messages.success(request, f"{issued.title} for {issued.period_start:%B %Y} requested")
        return redirect("quality:report", authority.slug)
    return render(
        request,
        "quality/report.html",
        {
            "form": form,
            "reports": reporting.audit_reports(authority),
            "illustrative": selectors.any_illustrative(authority),
            "can_run": request.membership.can(RUN),
        },
    )
