"""Boards and meetings: the calendar, a board's page, a meeting's page with its papers,
decisions and actions arising. Leads (RUN_GOVERNANCE) manage; every member reads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import Capability
from stocktake.core.conflicts import conflict_form
from stocktake.core.errors import ConflictError
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.governance import presenters, selectors, services
from stocktake.governance.forms import (
    ActionArisingForm,
    BoardForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    ScheduleForm,
    default_schedule,
)
from stocktake.governance.models import Meeting


def _can_run(request: AuthorityRequest) -> bool:
    return request.membership.can(Capability.RUN_GOVERNANCE)


@authority_view(Capability.VIEW)
def calendar(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    today = timezone.localdate()
    upcoming, past = presenters.split_calendar(list(selectors.meetings(authority)), today)
    return render(
        request,
        "governance/calendar.html",
        {
            "boards": selectors.boards(authority),
            "upcoming": upcoming,
            "past": past,
            "can_run": _can_run(request),
        },
    )


@authority_view(Capability.VIEW)
def board_detail(request: AuthorityRequest, board_id: int) -> HttpResponse:
    board = selectors.board_for(request.authority, board_id)
    upcoming, past = presenters.split_calendar(
        list(board.meetings.order_by("date", "time")), timezone.localdate()
    )
    return render(
        request,
        "governance/board_detail.html",
        {
            "board": board,
            "members": board.members.select_related("person"),
            "upcoming": upcoming,
            "past": past,
            "can_run": _can_run(request),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.RUN_GOVERNANCE)
def board_form(request: AuthorityRequest, board_id: int | None = None) -> HttpResponse:
    authority = request.authority
    board = selectors.board_for(authority, board_id) if board_id else None
    initial = BoardForm.initial_for(board) if board else {}
    form = BoardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if board:
                services.board_update(
                    board=board,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    fields=form.to_fields(),
                )
            else:
                board = services.board_create(
                    authority=authority,
                    actor=request.user,
                    fields=form.to_fields(),
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = BoardForm.initial_for(error.current)
            conflict_form(form, noun="board", saved=saved, version=error.current.version)
        else:
            messages.success(request, f"{board.name} saved")
            return redirect("governance:board_detail", authority.slug, board.pk)
    return render(request, "governance/board_form.html", {"form": form, "board": board})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.RUN_GOVERNANCE)
def member_add(request: AuthorityRequest, board_id: int) -> HttpResponse:
    authority = request.authority
    board = selectors.board_for(authority, board_id)
    form = MemberForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(board=board, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['person'].name} added to {board.name}")
            return redirect("governance:board_detail", authority.slug, board.pk)
    return render(request, "governance/member_form.html", {"form": form, "board": board})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.RUN_GOVERNANCE)
def member_remove(request: AuthorityRequest, board_id: int, member_id: int) -> HttpResponse:
    authority = request.authority
    board = selectors.board_for(authority, board_id)
    member = selectors.member_for(board, member_id)
    if request.method == "POST":
        services.member_remove(member=member, actor=request.user)
        messages.success(request, f"{member.person.name} removed from {board.name}")
        return redirect("governance:board_detail", authority.slug, board.pk)
    return render(request, "governance/member_remove.html", {"board": board, "member": member})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.RUN_GOVERNANCE)
def schedule(request: AuthorityRequest, board_id: int) -> HttpResponse:
    authority = request.authority
    board = selectors.board_for(authority, board_id)
    form = ScheduleForm(request.POST or None, initial=default_schedule(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.meetings_schedule(
                board=board,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{len(new)} meeting{'s' if len(new) != 1 else ''} added")
            return redirect("governance:board_detail", authority.slug, board.pk)
    return render(request, "governance/schedule_form.html", {"form": form, "board": board})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.RUN_GOVERNANCE)
def meeting_form(
    request: AuthorityRequest, board_id: int | None = None, meeting_id: int | None = None
) -> HttpResponse:
    authority = request.authority
    meeting = selectors.meeting_for(authority, meeting_id) if meeting_id else None
    board = meeting.board if meeting else selectors.board_for(authority, board_id or 0)
    initial = (
        MeetingForm.initial_for(meeting) if meeting else {"time": board.time, "place": board.place}
    )
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if meeting:
                services.meeting_update(
                    meeting=meeting,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    fields=form.to_fields(),
                )
            else:
                meeting = services.meeting_create(
                    board=board,
                    actor=request.user,
                    fields=form.to_fields(),
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = MeetingForm.initial_for(error.current)
            conflict_form(form, noun="meeting", saved=saved, version=error.current.version)
        else:
            messages.success(request, f"Meeting on {meeting.date:%-d %B %Y} saved")
            return redirect("governance:meeting_detail", authority.slug, meeting.pk)
    return render(
        request, "governance/meeting_form.html", {"form": form, "board": board, "meeting": meeting}
    )


def _papers(meeting: Meeting, slug: str) -> list[dict[str, Any]]:
    """Issued reports for this meeting, with a download link for each format."""
    rows = []
    for report in meeting.papers.filter(status="issued").prefetch_related("files"):
        links = []
        for file in report.files.all():
            try:
                url = reverse("reports:download", args=[slug, report.pk, file.format])
            except NoReverseMatch:
                continue
            links.append({"label": file.get_format_display(), "url": url, "size": file.size})
        rows.append({"report": report, "links": links})
    return rows


@authority_view(Capability.VIEW)
def meeting_detail(request: AuthorityRequest, meeting_id: int) -> HttpResponse:
    authority = request.authority
    meeting = selectors.meeting_for(authority, meeting_id)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "board": meeting.board,
            "papers": _papers(meeting, authority.slug),
            "outcomes": meeting.outcomes.select_related("action__plan", "recorded_by"),
            "can_run": _can_run(request),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.RUN_GOVERNANCE)
def decision_create(request: AuthorityRequest, meeting_id: int) -> HttpResponse:
    authority = request.authority
    meeting = selectors.meeting_for(authority, meeting_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                meeting=meeting,
                actor=request.user,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Decision recorded")
            return redirect("governance:meeting_detail", authority.slug, meeting.pk)
    return render(request, "governance/decision_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.RUN_GOVERNANCE)
def action_arising(request: AuthorityRequest, meeting_id: int) -> HttpResponse:
    authority = request.authority
    meeting = selectors.meeting_for(authority, meeting_id)
    form = ActionArisingForm(request.POST or None, authority_id=authority.pk)
    if request.method == "POST" and form.is_valid():
        try:
            _, action = services.action_arising_record(
                meeting=meeting,
                actor=request.user,
                plan=form.cleaned_data["plan"],
                fields=form.to_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Action {action.reference} added to {action.plan.name}")
            return redirect("governance:meeting_detail", authority.slug, meeting.pk)
    return render(
        request, "governance/action_arising_form.html", {"form": form, "meeting": meeting}
    )
