from django.urls import path

from stocktake.people import views

app_name = "people"
urlpatterns = [
    path("a/<slug:authority>/people/", views.person_list, name="list"),
    path("a/<slug:authority>/people/new/", views.person_form, name="create"),
    path("a/<slug:authority>/people/<int:person_id>/edit/", views.person_form, name="edit"),
]
