from django.urls import path

from stocktake.background import views

app_name = "background"
J = "a/<slug:authority>/jobs/<int:job_id>/"
urlpatterns = [
    path(J, views.job, name="job"),
    path(J + "status/", views.job_status, name="job_status"),
]
