from django.urls import path

from stocktake.imports import views

app_name = "imports"
urlpatterns = [
    path("a/<slug:authority>/imports/", views.import_list, name="list"),
    path("a/<slug:authority>/imports/new/", views.import_new, name="new"),
    path("a/<slug:authority>/imports/<int:run_id>/", views.import_detail, name="detail"),
    path("a/<slug:authority>/imports/<int:run_id>/apply/", views.import_apply, name="apply"),
    path("a/<slug:authority>/imports/<int:run_id>/correct/", views.import_correct, name="correct"),
    path(
        "a/<slug:authority>/imports/<int:run_id>/use-layout/",
        views.import_use_layout,
        name="use_layout",
    ),
    path(
        "a/<slug:authority>/imports/<int:run_id>/save-layout/",
        views.import_save_layout,
        name="save_layout",
    ),
    path("a/<slug:authority>/imports/layouts/", views.layout_list, name="layouts"),
    path(
        "a/<slug:authority>/imports/layouts/<int:layout_id>/delete/",
        views.layout_delete,
        name="layout_delete",
    ),
]
