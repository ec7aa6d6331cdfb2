from django.urls import path

from stocktake.childdata import views, views_workforce

app_name = "childdata"
A = "a/<slug:authority>/child-data/"

urlpatterns = [
    path(A, views.extracts, name="extracts"),
    path(A + "upload/", views.upload, name="upload"),
    path(A + "<int:extract_id>/", views.extract, name="extract"),
    path(A + "<int:extract_id>/apply/", views.apply, name="apply"),
    path(A + "<int:extract_id>/delete/", views.delete, name="delete"),
    path(A + "<int:extract_id>/rejected/", views.rejected, name="rejected"),
    path(A + "<int:extract_id>/kpi/<str:code>/", views.records, name="records"),
    path(A + "<int:extract_id>/kpi/<str:code>/csv/", views.records_csv, name="records_csv"),
]

urlpatterns += [
    path(A + "workforce/", views_workforce.workforce_page, name="workforce"),
    path(A + "workforce/new/", views_workforce.workforce_entry, name="workforce_entry"),
    path(A + "workforce/upload/", views_workforce.workforce_upload, name="workforce_upload"),
    path(A + "workforce/apply/", views_workforce.workforce_apply, name="workforce_apply"),
]
