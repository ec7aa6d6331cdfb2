"""Sources and judgements: the timeline, a source's page, adding and editing them.
Each view: resolve scope, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import Capability
from stocktake.core.conflicts import conflict_form
from stocktake.core.errors import ConflictError
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.findings import selectors, services
from stocktake.findings.forms import JudgementForm, SourceForm


def _can_edit(request: AuthorityRequest) -> bool:
    return request.membership.can(Capability.EDIT_PLAN)


@authority_view(Capability.VIEW)
def index(request: AuthorityRequest) -> HttpResponse:
    entries = selectors.timeline(request.authority)
    return render(
        request, "findings/index.html", {"entries": entries, "can_edit": _can_edit(request)}
    )


@authority_view(Capability.VIEW)
def source_detail(request: AuthorityRequest, source_id: int) -> HttpResponse:
    source = selectors.source_for(request.authority, source_id)
    return render(
        request,
        "findings/source_detail.html",
        {
            "source": source,
            "judgements": selectors.judgement_rows(source),
            "rows": selectors.source_findings(source),
            "can_edit": _can_edit(request),
        },
    )


@authority_view(Capability.VIEW)
def source_file(request: AuthorityRequest, source_id: int) -> HttpResponseBase:
    source = selectors.source_for(request.authority, source_id)
    if not source.file:
        raise Http404("This source has no file")
    return FileResponse(
        source.file.open("rb"),
        as_attachment=True,
        filename=source.original_name or (source.file.name or "").rsplit("/", 1)[-1],
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def source_form(request: AuthorityRequest, source_id: int | None = None) -> HttpResponse:
    authority = request.authority
    source = selectors.source_for(authority, source_id) if source_id else None
    initial = SourceForm.initial_for(source) if source else {"framework": "auto"}
    form = SourceForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if source:
                services.source_update(
                    source=source,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    fields=form.to_fields(),
                )
            else:
                source = services.source_create(
                    authority=authority,
                    actor=request.user,
                    fields=form.to_fields(),
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = SourceForm.initial_for(error.current)
            conflict_form(form, noun="source", saved=saved, version=error.current.version)
        else:
            messages.success(request, f"“{source.title}” saved")
            return redirect("findings:source_detail", authority.slug, source.pk)
    return render(request, "findings/source_form.html", {"form": form, "source": source})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.EDIT_PLAN)
def judgement_form(
    request: AuthorityRequest, source_id: int, judgement_id: int | None = None
) -> HttpResponse:
    authority = request.authority
    source = selectors.source_for(authority, source_id)
    judgement = selectors.judgement_for(source, judgement_id) if judgement_id else None
    initial = JudgementForm.initial_for(judgement) if judgement else {}
    form = JudgementForm(request.POST or None, initial=initial, source=source)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            if judgement:
                services.judgement_update(
                    judgement=judgement, actor=request.user, expected_version=version, **data
                )
            else:
                services.judgement_create(source=source, actor=request.user, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = JudgementForm.initial_for(error.current)
            conflict_form(form, noun="judgement", saved=saved, version=error.current.version)
        else:
            messages.success(request, "Judgement saved")
            return redirect("findings:source_detail", authority.slug, source.pk)
    return render(
        request,
        "findings/judgement_form.html",
        {"form": form, "source": source, "judgement": judgement},
    )
