from django.urls import path

from stocktake.audit import views

app_name = "audit"
urlpatterns = [path("a/<slug:authority>/audit/", views.authority_log, name="authority_log")]
