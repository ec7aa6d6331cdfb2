"""Upload → preview → confirm → summary. Nothing is written before confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from stocktake.accounts.roles import Capability
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.imports import corrections, layouts, presenters, selectors, services
from stocktake.imports.forms import CorrectionsForm, ImportForm, SaveLayoutForm
from stocktake.imports.models import ImportRun
from stocktake.imports.parsed import Problem
from stocktake.imports.services import STALE


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


def _preview(
    request: AuthorityRequest,
    run: ImportRun,
    *,
    form: CorrectionsForm | None = None,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HttpResponse:
    all_rows = request.GET.get("rows") == "all" or request.POST.get("rows") == "all"
    corrections = run.corrections or {}
    return render(
        request,
        "imports/detail.html",
        {
            "run": run,
            "understood": run.understood,
            "outcome": run.outcome,
            "problems": problems or [],
            "readings": presenters.readings(run.understood, corrections, all_rows),
            "all_rows": all_rows,
            "form": form,
            "role_choices": presenters.ROLE_CHOICES,
            "row_choices": presenters.ROW_CHOICES,
            "changes": presenters.action_changes(run.outcome),
            "offers": selectors.layout_offers(run) if run.status == "previewed" else [],
            "corrected": bool(corrections.get("columns") or corrections.get("rows")),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def import_detail(request: AuthorityRequest, run_id: int) -> HttpResponse:
    return _preview(request, selectors.run_for(request.authority, run_id))


def _version(request: AuthorityRequest) -> int:
    """The preview's version the form was sent from; 0 (never a preview's) if unreadable."""
    written = request.POST.get("version", "")
    return int(written) if written.isdecimal() and len(written) <= 9 else 0


def _after_correction(request: AuthorityRequest, run: ImportRun, message: str) -> HttpResponse:
    messages.success(request, message)
    url = reverse("imports:detail", args=[request.authority.slug, run.pk])
    return redirect(f"{url}?rows=all#reading" if request.POST.get("rows") == "all" else url)


@require_POST
@authority_view(Capability.EDIT_PLAN)
def import_correct(request: AuthorityRequest, run_id: int) -> HttpResponse:
    """Correct columns' roles and rows' types, and read the file again."""
    run = selectors.run_for(request.authority, run_id)
    form = CorrectionsForm(request.POST, understood=run.understood)
    reset = "reset" in request.POST
    if not form.is_valid():
        stale = "version" in form.errors
        return _preview(request, run, form=form, status=409 if stale else 400)
    columns, rows = form.corrections()
    try:
        run = corrections.import_run_correct(
            run=run,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            columns=columns,
            rows=rows,
            reset=reset,
        )
    except corrections.CorrectionRefused as refused:
        run = selectors.run_for(request.authority, run_id)
        return _preview(request, run, problems=refused.problems, status=409)
    done = "Your corrections were undone" if reset else "The preview was updated"
    return _after_correction(request, run, done)


@require_POST
@authority_view(Capability.EDIT_PLAN)
def import_use_layout(request: AuthorityRequest, run_id: int) -> HttpResponse:
    """Read the file again with a saved layout's column roles."""
    run = selectors.run_for(request.authority, run_id)
    written = request.POST.get("layout", "")
    if not (written.isdecimal() and len(written) <= 9):
        problem = Problem(run.filename, "Choose a saved layout to use")
        return _preview(request, run, problems=[problem], status=400)
    layout = selectors.layout_for(request.authority, int(written))
    try:
        run = corrections.import_run_use_layout(
            run=run, actor=request.user, expected_version=_version(request), layout=layout
        )
    except corrections.CorrectionRefused as refused:
        run = selectors.run_for(request.authority, run_id)
        return _preview(request, run, problems=refused.problems, status=409)
    return _after_correction(request, run, f"The preview was read with the layout “{layout}”")


@require_POST
@authority_view(Capability.EDIT_PLAN)
def import_save_layout(request: AuthorityRequest, run_id: int) -> HttpResponse:
    """Keep the preview's column roles as the authority's layouts."""
    run = selectors.run_for(request.authority, run_id)
    form = SaveLayoutForm(request.POST)
    if _version(request) != run.version:
        return _preview(request, run, problems=[Problem(run.filename, STALE)], status=409)
    if not form.is_valid():
        problems = [Problem(run.filename, str(e)) for e in form.errors.get("name", [])]
        return _preview(request, run, problems=problems, status=400)
    saved = layouts.layout_save(run=run, actor=request.user, name=form.cleaned_data["name"])
    if not saved:
        problem = Problem(run.filename, "This file has no table whose layout can be saved")
        return _preview(request, run, problems=[problem], status=400)
    return _after_correction(
        request, run, "Layout saved. It will be offered for the next file with these headings"
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def layout_list(request: AuthorityRequest) -> HttpResponse:
    found = selectors.layouts_for(request.authority)
    return render(request, "imports/layouts.html", {"layouts": found})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def layout_delete(request: AuthorityRequest, layout_id: int) -> HttpResponse:
    layout = selectors.layout_for(request.authority, layout_id)
    if request.method == "POST":
        layouts.layout_delete(layout=layout, actor=request.user)
        messages.success(request, f"The layout “{layout.name}” was deleted")
        return redirect("imports:layouts", request.authority.slug)
    return render(request, "imports/layout_delete.html", {"layout": layout})


@require_POST
@authority_view(Capability.EDIT_PLAN)
def import_apply(request: AuthorityRequest, run_id: int) -> HttpResponse:
    authority = request.authority
    run = selectors.run_for(authority, run_id)
    try:
        run = services.import_run_apply(
            run=run,
            actor=request.user,
            expected_version=_version(request),
            text_confirmed=request.POST.getlist("change_text"),
        )
    except services.ImportRefused as refused:
        run = selectors.run_for(authority, run_id)
        return _preview(request, run, problems=refused.problems, status=409)
    messages.success(request, f"Imported into “{run.plan_name}”")
    return redirect("imports:detail", authority.slug, run.pk)


@authority_view(Capability.EDIT_PLAN)
def import_list(request: AuthorityRequest) -> HttpResponse:
    runs = selectors.recent_runs(request.authority)
    return render(request, "imports/list.html", {"runs": runs})
