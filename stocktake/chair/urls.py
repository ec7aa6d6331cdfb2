from django.urls import path

from stocktake.chair import views

app_name = "chair"
R = "a/<slug:authority>/chair/"
D = R + "<int:draft_id>/"
urlpatterns = [
    path(R, views.index, name="index"),
    path(D, views.detail, name="detail"),
    path(D + "measures/<int:finding_id>/", views.measure, name="measure"),
    path(D + "sign/", views.sign, name="sign"),
    path(D + "issue/", views.issue, name="issue"),
    path(D + "<slug:part>/", views.write, name="write"),
]
