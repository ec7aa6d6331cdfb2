from django.urls import path

from stocktake.findings import views, views_changes, views_findings, views_matrix

app_name = "findings"
R = "a/<slug:authority>/findings/"
S = R + "sources/<int:source_id>/"
F = R + "<int:finding_id>/"
urlpatterns = [
    path(R, views.index, name="index"),
    path(R + "matrix/", views_matrix.matrix, name="matrix"),
    path(R + "matrix/<str:fmt>/", views_matrix.matrix_download, name="matrix_download"),
    path(R + "sources/new/", views.source_form, name="source_create"),
    path(S, views.source_detail, name="source_detail"),
    path(S + "edit/", views.source_form, name="source_edit"),
    path(S + "file/", views.source_file, name="source_file"),
    path(S + "delete/", views_changes.source_delete, name="source_delete"),
    path(S + "matrix/", views_matrix.matrix, name="source_matrix"),
    path(S + "matrix/<str:fmt>/", views_matrix.matrix_download, name="source_matrix_download"),
    path(S + "judgements/new/", views.judgement_form, name="judgement_create"),
    path(S + "judgements/<int:judgement_id>/edit/", views.judgement_form, name="judgement_edit"),
    path(S + "findings/new/", views_findings.finding_create, name="finding_create"),
    path(S + "findings/capture/", views_findings.capture, name="capture"),
    path(F, views_findings.finding_detail, name="finding_detail"),
    path(F + "edit/", views_findings.finding_edit, name="finding_edit"),
    path(F + "links/", views_findings.finding_links, name="finding_links"),
    path(F + "indicators/", views_changes.finding_indicators, name="finding_indicators"),
    path(F + "delete/", views_changes.finding_delete, name="finding_delete"),
    path(F + "repeats/", views_findings.finding_repeats, name="finding_repeats"),
    path(F + "measures/<int:link_id>/", views_findings.impact_edit, name="impact_edit"),
]
