"""Upload → preview → confirm → summary. Nothing is written before confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from stocktake.accounts.roles import Capability
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.imports import presenters, selectors, services
from stocktake.imports.forms import ImportForm


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def import_new(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    initial = {"plan": request.GET.get("plan", "")}
    form = ImportForm(
        request.POST or None, request.FILES or None, initial=initial, authority=authority
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.import_run_create(
                authority=authority,
                actor=request.user,
                filename=upload.name,
                data=upload.read(),
                plan_name=form.plan_name(),
                kind=form.cleaned_data["kind"] or "improvement",
                week1=form.cleaned_data["week1_date"],
            )
        except services.ImportRefused as refused:
            for problem in refused.problems:
                if problem.field in form.fields:
                    form.add_error(problem.field, problem.message)
                else:
                    problems.append(problem)
        else:
            return redirect("imports:detail", authority.slug, run.pk)
    return render(request, "imports/new.html", {"form": form, "problems": problems})


@authority_view(Capability.EDIT_PLAN)
def import_detail(request: AuthorityRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for(request.authority, run_id)
    return render(
        request,
        "imports/detail.html",
        {
            "run": run,
            "understood": run.understood,
            "outcome": run.outcome,
            "mappings": presenters.column_mappings(run.understood),
        },
    )


@require_POST
@authority_view(Capability.EDIT_PLAN)
def import_apply(request: AuthorityRequest, run_id: int) -> HttpResponse:
    authority = request.authority
    run = selectors.run_for(authority, run_id)
    try:
        run = services.import_run_apply(run=run, actor=request.user)
    except services.ImportRefused as refused:
        return render(
            request,
            "imports/detail.html",
            {
                "run": run,
                "understood": run.understood,
                "outcome": run.outcome,
                "problems": refused.problems,
                "mappings": presenters.column_mappings(run.understood),
            },
            status=409,
        )
    messages.success(request, f"Imported into “{run.plan_name}”")
    return redirect("imports:detail", authority.slug, run.pk)


@authority_view(Capability.EDIT_PLAN)
def import_list(request: AuthorityRequest) -> HttpResponse:
    runs = selectors.recent_runs(request.authority)
    return render(request, "imports/list.html", {"runs": runs})
