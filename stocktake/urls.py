from django.urls import include, path

urlpatterns = [
    path("", include("stocktake.core.urls")),
    path("", include("stocktake.accounts.urls")),
    path("", include("stocktake.plans.urls")),
    path("", include("stocktake.people.urls")),
    path("", include("stocktake.audit.urls")),
    path("", include("stocktake.imports.urls")),
    path("", include("stocktake.indicators.urls")),
    path("", include("stocktake.findings.urls")),
    path("", include("stocktake.governance.urls")),
    path("", include("stocktake.reports.urls")),
    path("", include("stocktake.chair.urls")),
    path("", include("stocktake.background.urls")),
    path("", include("stocktake.quality.urls")),
    path("", include("stocktake.childdata.urls")),
]

handler403 = "stocktake.core.views.error_403"
handler404 = "stocktake.core.views.error_404"
handler500 = "stocktake.core.views.error_500"
