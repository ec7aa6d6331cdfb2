from django.urls import path

from stocktake.quality import views, views_audits, views_setup

app_name = "quality"
A = "a/<slug:authority>/audits/"

urlpatterns = [
    path(A, views.overview, name="overview"),
    path(A + "mine/", views.my_audits, name="my_audits"),
    path(A + "actions/", views.actions, name="actions"),
    path(A + "rounds/new/", views.round_create, name="round_create"),
    path(A + "rounds/<int:round_id>/", views.round_detail, name="round_detail"),
    path(A + "<int:audit_id>/", views_audits.audit_detail, name="audit_detail"),
    path(A + "<int:audit_id>/assign/", views.audit_assign, name="audit_assign"),
    path(A + "<int:audit_id>/record/", views_audits.audit_record, name="audit_record"),
    path(A + "<int:audit_id>/moderate/", views_audits.audit_moderate, name="audit_moderate"),
    path(A + "<int:audit_id>/actions/new/", views_audits.action_create, name="action_create"),
    path(A + "<int:audit_id>/concern/", views_audits.concern_raise, name="concern_raise"),
    path(A + "<int:audit_id>/themes/", views_audits.theme_tag, name="theme_tag"),
    path(A + "actions/<int:action_id>/done/", views_audits.action_complete, name="action_complete"),
    path(A + "concerns/<int:concern_id>/close/", views_audits.concern_close, name="concern_close"),
    path(A + "frameworks/", views_setup.framework_list, name="frameworks"),
    path(A + "frameworks/new/", views_setup.framework_create, name="framework_create"),
    path(
        A + "frameworks/<int:framework_id>/", views_setup.framework_detail, name="framework_detail"
    ),
    path(
        A + "frameworks/<int:framework_id>/revise/",
        views_setup.framework_revise,
        name="framework_revise",
    ),
    path(A + "learning/", views_setup.learning, name="learning"),
    path(A + "learning/new/", views_setup.theme_create, name="theme_create"),
    path(A + "learning/<int:theme_id>/", views_setup.theme_detail, name="theme_detail"),
    path(A + "import/", views_setup.upload_new, name="upload_new"),
    path(A + "import/<int:upload_id>/", views_setup.upload_detail, name="upload_detail"),
    path(A + "import/<int:upload_id>/apply/", views_setup.upload_apply, name="upload_apply"),
    path(A + "report/", views_setup.report, name="report"),
]
