"""The review queue: leads accept posted updates or return them to the owner with a comment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import Capability
from stocktake.core.parsing import parse_ids
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.views import apply_service_errors
from stocktake.governance import selectors, services
from stocktake.governance.forms import ReviewForm, accept_tokens, parse_accept_tokens
from stocktake.plans.selectors import plan_for


@require_http_methods(["GET", "POST"])
@authority_view(Capability.REVIEW_UPDATES)
def queue(request: AuthorityRequest, plan_id: int) -> HttpResponse:
    """The queue. Accepting takes two steps: the ticked updates are named on a confirmation
    page, whose form carries each update's id and its action's version; confirming a page
    that no longer matches the queue (Back after accepting, or someone else's review)
    accepts nothing. A browser restoring ticks by position can so never accept an update
    the reviewer was not shown by name."""
    authority = request.authority
    plan = plan_for(authority, plan_id)
    waiting = selectors.review_queue(plan)
    error = ""
    if request.method == "POST" and "confirm" in request.POST:
        wanted = parse_accept_tokens(request.POST.getlist("accept"))
        current = list(waiting.filter(pk__in=wanted))
        if not wanted or {u.pk: u.action.version for u in current} != wanted:
            error = (
                "Nothing was accepted: the queue has changed since you chose. "
                "Select the updates to accept again"
            )
        else:
            try:
                accepted = services.updates_accept(updates=current, actor=request.user)
            except ValidationError as problem:
                error = "Nothing was accepted. " + " ".join(problem.messages)
            else:
                named = ", ".join(f"{u.action.reference} ({u.date:%-d %B %Y})" for u in current)
                messages.success(
                    request, f"{accepted} update{'s' if accepted != 1 else ''} accepted: {named}"
                )
                return redirect("governance:review_queue", authority.slug, plan.pk)
    elif request.method == "POST":
        chosen = parse_ids(request.POST.getlist("updates"))
        picked = list(waiting.filter(pk__in=chosen))
        if not chosen:
            error = "Select the updates to accept"
        elif not picked:
            error = "The updates you selected have already been reviewed"
        else:
            return render(
                request,
                "governance/review_confirm.html",
                {"plan": plan, "updates": picked, "tokens": accept_tokens(picked)},
            )
    return render(
        request,
        "governance/review_queue.html",
        {"plan": plan, "updates": list(waiting), "error": error},
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.REVIEW_UPDATES)
def review(request: AuthorityRequest, plan_id: int, update_id: int) -> HttpResponse:
    authority = request.authority
    plan = plan_for(authority, plan_id)
    update = selectors.posted_update_for(plan, update_id)
    newest = update.reviews.select_related("reviewer").first()
    form = ReviewForm(request.POST or None, initial={"expected": newest.pk if newest else None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_review(
                update=update,
                actor=request.user,
                decision=data["decision"],
                comment=data["comment"],
                expected=data["expected"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            verb = "accepted" if data["decision"] == "accepted" else "returned to the owner"
            messages.success(request, f"Update on {update.action.reference} {verb}")
            return redirect("governance:review_queue", authority.slug, plan.pk)
    return render(
        request,
        "governance/review_form.html",
        {
            "plan": plan,
            "update": update,
            "action": update.action,
            "newest": newest,
            "form": form,
            "status_changes": update.status_changes.all(),
            "evidence": update.evidence.all(),
        },
    )
