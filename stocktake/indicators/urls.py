from django.urls import path

from stocktake.indicators import views

app_name = "indicators"
A = "a/<slug:authority>/indicators/"
IND = A + "<int:indicator_id>/"
urlpatterns = [
    path(A, views.dashboard, name="dashboard"),
    path(A + "export/", views.export, name="export"),
    path(A + "failing/", views.failing, name="failing"),
    path(A + "catalogue/", views.catalogue, name="catalogue"),
    path(A + "new/", views.indicator_create, name="create"),
    path(A + "measures/", views.measures, name="measures"),
    path(A + "measures/<int:measure_id>/convert/", views.measure_convert, name="measure_convert"),
    path(A + "uploads/new/", views.upload_new, name="upload_new"),
    path(A + "uploads/<int:upload_id>/", views.upload_detail, name="upload_detail"),
    path(A + "uploads/<int:upload_id>/apply/", views.upload_apply, name="upload_apply"),
    path(IND, views.detail, name="detail"),
    path(IND + "chart.png", views.chart_png, name="chart_png"),
    path(IND + "edit/", views.indicator_edit, name="edit"),
    path(IND + "links/", views.links, name="links"),
    path(IND + "commentary/", views.commentary_edit, name="commentary"),
    path(IND + "targets/new/", views.target_form, name="target_create"),
    path(IND + "targets/<int:target_id>/edit/", views.target_form, name="target_edit"),
    path(IND + "targets/<int:target_id>/delete/", views.target_delete, name="target_delete"),
    path(IND + "observations/new/", views.observation_create, name="observation_create"),
    path(IND + "benchmarks/", views.benchmark_upload, name="benchmarks"),
]
