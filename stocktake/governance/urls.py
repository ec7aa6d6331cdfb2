from django.urls import path

from stocktake.governance import views_cycle, views_exceptions, views_meetings, views_review

app_name = "governance"
G = "a/<slug:authority>/governance/"
B = G + "boards/<int:board_id>/"
M = G + "meetings/<int:meeting_id>/"
P = G + "plans/<int:plan_id>/"
urlpatterns = [
    path(G, views_meetings.calendar, name="calendar"),
    path(G + "boards/new/", views_meetings.board_form, name="board_create"),
    path(B, views_meetings.board_detail, name="board_detail"),
    path(B + "edit/", views_meetings.board_form, name="board_edit"),
    path(B + "members/new/", views_meetings.member_add, name="member_add"),
    path(B + "members/<int:member_id>/remove/", views_meetings.member_remove, name="member_remove"),
    path(B + "schedule/", views_meetings.schedule, name="schedule"),
    path(B + "meetings/new/", views_meetings.meeting_form, name="meeting_create"),
    path(M, views_meetings.meeting_detail, name="meeting_detail"),
    path(M + "edit/", views_meetings.meeting_form, name="meeting_edit"),
    path(M + "decisions/new/", views_meetings.decision_create, name="decision_create"),
    path(M + "actions/new/", views_meetings.action_arising, name="action_arising"),
    path(P + "cycle/", views_cycle.cycle, name="cycle"),
    path(P + "cycle/window/", views_cycle.window_form, name="window"),
    path(P + "reviews/", views_review.queue, name="review_queue"),
    path(P + "reviews/<int:update_id>/", views_review.review, name="review"),
    path(P + "exceptions/", views_exceptions.exceptions, name="exceptions"),
    path(P + "actions/<int:action_id>/unblock/", views_exceptions.unblock, name="unblock"),
    path(P + "unblocks/<int:request_id>/resolve/", views_exceptions.resolve, name="resolve"),
]
