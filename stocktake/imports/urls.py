from django.urls import path

from stocktake.imports import views

app_name = "imports"
urlpatterns = [
    path("a/<slug:authority>/imports/", views.import_list, name="list"),
    path("a/<slug:authority>/imports/new/", views.import_new, name="new"),
    path("a/<slug:authority>/imports/<int:run_id>/", views.import_detail, name="detail"),
    path("a/<slug:authority>/imports/<int:run_id>/apply/", views.import_apply, name="apply"),
]
