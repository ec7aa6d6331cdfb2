from django.urls import path

from stocktake.plans import views, views_phases

app_name = "plans"
P = "a/<slug:authority>/plans/<int:plan_id>/"
A = P + "actions/<int:action_id>/"
urlpatterns = [
    path("a/<slug:authority>/plans/new/", views.plan_create, name="plan_create"),
    path(P, views.dashboard, name="dashboard"),
    path(P + "edit/", views.plan_edit, name="plan_edit"),
    path(P + "calendar/", views.calendar, name="calendar"),
    path(P + "findings/", views.plan_findings, name="findings"),
    path(P + "close/", views_phases.phase_close_view, name="phase_close"),
    path(P + "narrative/", views_phases.phase_narrative_view, name="phase_narrative"),
    path(P + "themes/new/", views.theme_form, name="theme_create"),
    path(P + "themes/<int:theme_id>/edit/", views.theme_form, name="theme_edit"),
    path(P + "actions/", views.action_list, name="action_list"),
    path(P + "actions.csv", views.action_list_csv, name="action_list_csv"),
    path(P + "actions/new/", views.action_form, name="action_create"),
    path(A, views.action_detail, name="action_detail"),
    path(A + "edit/", views.action_form, name="action_edit"),
    path(A + "updates/new/", views.update_create, name="update_create"),
    path("a/<slug:authority>/my-actions/", views.my_actions, name="my_actions"),
    path(
        "a/<slug:authority>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"
    ),
]
