from django.urls import path

from stocktake.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("a/<slug:authority>/this-week/", views.this_week, name="this_week"),
]
