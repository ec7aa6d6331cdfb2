from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from stocktake.accounts.roles import Capability
from stocktake.core.conflicts import conflict_form
from stocktake.core.errors import ConflictError
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.tenancy import get_scoped
from stocktake.core.views import apply_service_errors
from stocktake.people import services
from stocktake.people.forms import PersonForm
from stocktake.people.models import Person


@authority_view(Capability.VIEW)
def person_list(request: AuthorityRequest) -> HttpResponse:
    people = request.authority.people.annotate(
        action_count=Count("ownerships__action", distinct=True)
    ).select_related("user")
    return render(request, "people/list.html", {"people": people})


@require_http_methods(["GET", "POST"])
@authority_view(Capability.MANAGE_PEOPLE)
def person_form(request: AuthorityRequest, person_id: int | None = None) -> HttpResponse:
    authority = request.authority
    person = get_scoped(Person, authority, person_id, "No such person") if person_id else None
    initial = PersonForm.initial_for(person) if person else {}
    form = PersonForm(request.POST or None, initial=initial, authority=authority)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            if person:
                services.person_update(
                    person=person, actor=request.user, expected_version=version or 0, **data
                )
            else:
                person = services.person_create(authority=authority, actor=request.user, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            saved = PersonForm.initial_for(error.current)
            conflict_form(form, noun="person", saved=saved, version=error.current.version)
        else:
            messages.success(request, f"{person.name} saved")
            return redirect("people:list", authority.slug)
    return render(request, "people/form.html", {"form": form, "person": person})
