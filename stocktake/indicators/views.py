"""Indicator pages. Each view: resolve scope, call one selector or service, render.

Everyone in the authority may read; administrators and improvement leads (EDIT_PLAN) write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stocktake.accounts.roles import Capability
from stocktake.core.conflicts import conflict_form
from stocktake.core.errors import ConflictError
from stocktake.core.parsing import parse_id, query_text
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.documents.formats import CONTENT_TYPES
from stocktake.indicators import cards, charts, exports, presenters, selectors, services
from stocktake.indicators.analysis.summary import describe
from stocktake.indicators.forms import (
    AdoptForm,
    BenchmarkForm,
    CommentaryForm,
    ConvertForm,
    IndicatorForm,
    LinkForm,
    ObservationForm,
    TargetForm,
    UploadForm,
)

EDIT = Capability.EDIT_PLAN


@require_safe
@authority_view(Capability.VIEW)
def dashboard(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    data = selectors.dashboard(
        authority,
        theme=parse_id(request.GET.get("theme")),
        area=query_text(request.GET.get("area")),
        finding=parse_id(request.GET.get("finding")),
    )
    pairs = [(tile, cards.card(tile)) for tile in data.tiles]
    return render(request, "indicators/dashboard.html", {"dash": data, "cards": pairs})


@require_safe
@authority_view(Capability.VIEW)
def export(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    fmt = request.GET.get("format", "xlsx")
    if fmt not in exports.FORMATS:
        fmt = "xlsx"
    body = exports.export_indicators(authority, fmt)
    name = f"{slugify(authority.name)}-indicators-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@authority_view(Capability.VIEW)
def failing(request: AuthorityRequest) -> HttpResponse:
    items = selectors.failing_targets(request.authority)
    return render(request, "indicators/failing.html", {"items": items})


def _pk(row: object) -> int:
    return getattr(row, "pk", None) or 0


@require_http_methods(["GET", "POST"])
@authority_view(EDIT)
def commentary_edit(request: AuthorityRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.authority, indicator_id)
    page = selectors.indicator_page(indicator)
    loaded = page.loaded
    generated = describe(loaded.facts(), loaded.analysis)
    current = page.commentary if page.commentary else None
    initial = {"text": current.text if current else generated, "version": _pk(current)}
    form = CommentaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and loaded.latest_period:
        try:
            services.commentary_save(
                indicator=indicator,
                actor=request.user,
                as_of=loaded.latest_period,
                text=form.cleaned_data["text"],
                generated=generated,
                expected_latest=form.cleaned_data["version"] or 0,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = {"text": error.current.text}
            conflict_form(form, noun="paragraph", saved=saved, version=_pk(error.current))
        else:
            messages.success(request, f"Paragraph for {indicator.name} saved")
            return redirect("indicators:failing", indicator.authority.slug)
    return render(
        request,
        "indicators/commentary_form.html",
        {"indicator": indicator, "form": form, "generated": generated, "loaded": loaded},
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.VIEW, write=EDIT)
def catalogue(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    entries, adopted = selectors.catalogue(authority)
    form = AdoptForm(request.POST or None, adopted=adopted)
    if request.method == "POST" and form.is_valid():
        made = services.indicator_adopt(
            authority=authority,
            actor=request.user,
            entries=form.cleaned_data["entries"],
        )
        messages.success(request, f"Adopted {len(made)} indicator{'s' if len(made) != 1 else ''}")
        return redirect("indicators:dashboard", authority.slug)
    return render(
        request,
        "indicators/catalogue.html",
        {"entries": entries, "adopted": adopted, "form": form},
    )


@require_http_methods(["GET", "POST"])
@authority_view(EDIT)
def indicator_create(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    form = IndicatorForm(request.POST or None, initial={"unit": "percent", "decimals": 1})
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(
                authority=authority,
                actor=request.user,
                fields=form.to_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Indicator {indicator.code} added")
            return redirect("indicators:detail", authority.slug, indicator.pk)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": None})


@require_http_methods(["GET", "POST"])
@authority_view(EDIT)
def indicator_edit(request: AuthorityRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.authority, indicator_id)
    initial = IndicatorForm.initial_for(indicator)
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                indicator=indicator,
                actor=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                fields=form.to_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = IndicatorForm.initial_for(error.current)
            conflict_form(form, noun="indicator", saved=saved, version=error.current.version)
        else:
            messages.success(request, f"Indicator {indicator.code} saved")
            return redirect("indicators:detail", indicator.authority.slug, indicator.pk)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


@require_safe
@authority_view(Capability.VIEW)
def detail(request: AuthorityRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.authority, indicator_id)
    page = selectors.indicator_page(indicator)
    loaded = page.loaded
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "page": page,
            "loaded": loaded,
            "chart": charts.spc_svg(presenters.chart_data(loaded)) if loaded.periods else "",
            "rows": presenters.table_rows(loaded),
            "summary": describe(loaded.facts(), loaded.analysis),
        },
    )


@require_safe
@authority_view(Capability.VIEW)
def chart_png(request: AuthorityRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.authority, indicator_id)
    loaded = selectors.load([indicator])[0]
    png = charts.spc_png(presenters.chart_data(loaded))
    return HttpResponse(png, content_type="image/png")


@require_http_methods(["GET", "POST"])
@authority_view(EDIT)
def links(request: AuthorityRequest, indicator_id: int) -> HttpResponse:
    authority = request.authority
    indicator = selectors.indicator_for(authority, indicator_id)
    form = LinkForm(
        request.POST or None,
        initial=LinkForm.initial_for(indicator),
        actions=selectors.action_choices(authority),
        themes=selectors.theme_choices(authority),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_link(
                indicator=indicator,
                actor=request.user,
                actions=form.cleaned_data["actions"],
                themes=form.cleaned_data["themes"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ConflictError as error:
            saved = LinkForm.initial_for(error.current)
            conflict_form(form, noun="indicator", saved=saved, version=error.current.version)
        else:
            messages.success(request, "Links saved")
            return redirect("indicators:detail", authority.slug, indicator.pk)
    return render(request, "indicators/links_form.html", {"form": form, "indicator": indicator})


@require_http_methods(["GET", "POST"])
@authority_view(EDIT)
def target_form(
    request: AuthorityRequest, indicator_id: int, target_id: int | None = None
) -> HttpResponse:
    indicator = selectors.indicator_for(request.authority, indicator_id)
    target = selectors.target_for(indicator, target_id) if target_id else None
    initial = TargetForm.initial_for(target) if target else {}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if target:
                services.target_update(
                    target=target,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    fields=form.to_fields(),
                )
            else:
                services.target_create(
                    indicator=indicator,
                    actor=request.user,
                    fields=form.to_fields(),
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = TargetForm.initial_for(error.current)
            conflict_form(form, noun="target", saved=saved, version=error.current.version)
        else:
            messages.success(request, f"Target “{form.cleaned_data['label']}” saved")
            return redirect("indicators:detail", indicator.authority.slug, indicator.pk)
    return render(
        request,
        "indicators/target_form.html",
        {"form": form, "indicator": indicator, "target": target},
    )


@require_POST
@authority_view(EDIT)
def target_delete(request: AuthorityRequest, indicator_id: int, target_id: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.authority, indicator_id)
    target = selectors.target_for(indicator, target_id)
    services.target_delete(target=target, actor=request.user)
    messages.success(request, f"Target “{target.label}” removed")
    return redirect("indicators:detail", indicator.authority.slug, indicator.pk)


@require_http_methods(["GET", "POST"])
@authority_view(EDIT)
def observation_create(request: AuthorityRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.authority, indicator_id)
    form = ObservationForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.observation_record(
                indicator=indicator,
                actor=request.user,
                period=data["period"],
                value=data["value"],
                numerator=data["numerator"],
                denominator=data["denominator"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Figure saved")
            return redirect("indicators:detail", indicator.authority.slug, indicator.pk)
    return render(
        request, "indicators/observation_form.html", {"form": form, "indicator": indicator}
    )


@require_http_methods(["GET", "POST"])
@authority_view(EDIT)
def benchmark_upload(request: AuthorityRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.authority, indicator_id)
    form = BenchmarkForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            loaded = services.benchmarks_load(
                indicator=indicator,
                actor=request.user,
                filename=upload.name,
                data=upload.read(),
                column=form.cleaned_data["column"],
                filters=form.cleaned_data["filters"],
            )
        except services.BenchmarksRefused as refused:
            problems = refused.problems
        else:
            messages.success(
                request, f"Benchmarks loaded for {', '.join(loaded.years)} ({loaded.column})"
            )
            return redirect("indicators:detail", indicator.authority.slug, indicator.pk)
    return render(
        request,
        "indicators/benchmark_form.html",
        {"form": form, "indicator": indicator, "problems": problems},
    )


@require_http_methods(["GET", "POST"])
@authority_view(EDIT)
def upload_new(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.observation_upload_create(
                authority=authority,
                actor=request.user,
                filename=upload.name,
                data=upload.read(),
            )
        except services.UploadRefused as refused:
            problems = refused.problems
        else:
            return redirect("indicators:upload_detail", authority.slug, run.pk)
    return render(request, "indicators/upload_new.html", {"form": form, "problems": problems})


@require_safe
@authority_view(EDIT)
def upload_detail(request: AuthorityRequest, upload_id: int) -> HttpResponse:
    run = selectors.upload_for(request.authority, upload_id)
    return render(request, "indicators/upload_detail.html", {"run": run})


@require_POST
@authority_view(EDIT)
def upload_apply(request: AuthorityRequest, upload_id: int) -> HttpResponse:
    authority = request.authority
    run = selectors.upload_for(authority, upload_id)
    try:
        run = services.observation_upload_apply(upload=run, actor=request.user)
    except services.UploadRefused as refused:
        return render(
            request,
            "indicators/upload_detail.html",
            {"run": run, "problems": refused.problems},
            status=409,
        )
    messages.success(request, f"Figures from {run.filename} applied")
    return redirect("indicators:dashboard", authority.slug)


@require_safe
@authority_view(Capability.VIEW)
def measures(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    items = list(selectors.measures(authority))
    entries = list(selectors.catalogue(authority)[0])
    rows = [
        (
            m,
            ConvertForm(
                prefix=f"m{m.pk}",
                initial={"catalogue": services.catalogue_suggest(m.text, entries)},
            ),
        )
        for m in items
    ]
    return render(request, "indicators/measures.html", {"rows": rows})


@require_POST
@authority_view(EDIT)
def measure_convert(request: AuthorityRequest, measure_id: int) -> HttpResponse:
    authority = request.authority
    measure = selectors.measure_for(authority, measure_id)
    form = ConvertForm(request.POST, prefix=f"m{measure.pk}")
    entry = form.cleaned_data["catalogue"] if form.is_valid() else None
    try:
        indicator = services.measure_convert(
            measure=measure,
            actor=request.user,
            catalogue=entry,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("indicators:measures", authority.slug)
    messages.success(request, f"The measure is now the indicator {indicator.code}")
    return redirect("indicators:detail", authority.slug, indicator.pk)
