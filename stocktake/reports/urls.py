from django.urls import path

from stocktake.reports import views

app_name = "reports"
R = "a/<slug:authority>/reports/"
urlpatterns = [
    path(R, views.index, name="index"),
    path(R + "new/", views.generate, name="generate"),
    path(R + "<int:report_id>/", views.detail, name="detail"),
    path(R + "<int:report_id>/status/", views.status, name="status"),
    path(R + "<int:report_id>/<str:fmt>/", views.download, name="download"),
]
