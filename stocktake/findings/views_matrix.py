"""The traceability matrix page and its Word, Excel and JSON downloads."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stocktake.accounts.roles import Capability
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.documents.formats import CONTENT_TYPES
from stocktake.findings import documents, selectors

FORMATS = ("docx", "xlsx", "json")


def _matrix(request: AuthorityRequest, source_id: int | None) -> selectors.Matrix:
    authority = request.authority
    source = selectors.source_for(authority, source_id) if source_id else None
    return selectors.traceability_matrix(authority, source, request.GET.get("flag", ""))


@authority_view(Capability.VIEW)
def matrix(request: AuthorityRequest, source_id: int | None = None) -> HttpResponse:
    return render(
        request,
        "findings/matrix.html",
        {
            "matrix": _matrix(request, source_id),
            "today": timezone.localdate(),
            "full": request.GET.get("view") == "full",
        },
    )


@authority_view(Capability.VIEW)
def matrix_download(
    request: AuthorityRequest, fmt: str, source_id: int | None = None
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format")
    data = _matrix(request, source_id)
    today = timezone.localdate()
    response = HttpResponse(documents.render(data, fmt, today), content_type=CONTENT_TYPES[fmt])
    name = documents.filename(data, fmt, today)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
