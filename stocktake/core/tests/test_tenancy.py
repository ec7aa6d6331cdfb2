"""Every model belongs to an authority through a declared path, or is declared global.

The first test is the one that guards the code as it grows: a new model (the case audits of
`quality`, the extracts of `childdata`…) that declares neither fails it, and the message says
what to add. The others show the declarations are real: each path leads to exactly one
authority, and the scoped lookup built on it keeps every authority's rows apart.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.http import Http404

from stocktake.accounts.models import Authority, Membership, User
from stocktake.audit.models import AuditEvent
from stocktake.core import tenancy
from stocktake.core.tenancy import UndeclaredScope, get_scoped, scope_problem, scoped
from stocktake.core.tests.helpers import add_evidence
from stocktake.demo import factories
from stocktake.findings.models import Finding
from stocktake.findings.tests.conftest import make_finding, make_source
from stocktake.indicators.models import CatalogueEntry
from stocktake.plans.models import Action, Evidence, Plan, Theme, Update
from stocktake.plans.services.updates import update_submit

ALL_MODELS = apps.get_models(include_auto_created=True)


def test_every_model_is_scoped_or_declared_global():
    problems = [p for model in ALL_MODELS if (p := scope_problem(model))]

    assert problems == [], "\n\n".join(problems)


def test_the_check_covers_the_apps_and_their_many_to_many_tables():
    labels = {model._meta.label for model in ALL_MODELS}

    assert {"plans.Update", "indicators.Observation", "plans.Action_related"} <= labels
    assert {"findings.Finding_actions", "indicators.Indicator_themes"} <= labels


def test_a_model_that_declares_nothing_fails_and_is_told_what_to_add(monkeypatch):
    monkeypatch.delattr(Update, "authority_path")

    problem = scope_problem(Update)

    assert problem is not None
    assert problem.startswith("plans.Update belongs to no authority that Stocktake knows of")
    assert "add to class Update in stocktake.plans.models:" in problem
    assert 'authority_path = "…"' in problem
    assert '"plans.Update": "why it belongs to no authority",' in problem
    with pytest.raises(UndeclaredScope):
        scoped(Update, Authority(pk=1))


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("action__plan", "the path ends at plans.Plan, not at the Authority"),
        ("action__plan__nothing", "plans.Plan has no field “nothing”"),
        ("action__evidence__authority", "plans.Action.evidence is not a foreign key followed"),
        ("pk", "only the Authority itself is “pk”"),
    ],
)
def test_a_path_that_does_not_lead_to_one_authority_is_refused(monkeypatch, path, problem):
    monkeypatch.setattr(Update, "authority_path", path)

    found = scope_problem(Update)

    assert found is not None and found.startswith(f"plans.Update.authority_path “{path}”: ")
    assert problem in found


def test_a_model_both_scoped_and_global_is_refused(monkeypatch):
    monkeypatch.setitem(tenancy.GLOBAL_MODELS, "plans.Update", "shared")

    assert scope_problem(Update) == (
        "plans.Update is both scoped (“action__plan__authority”) and declared global: choose one"
    )


def test_global_models_have_a_reason_and_exist():
    for model in (User, CatalogueEntry):
        assert tenancy.global_reason(model), model
    assert tenancy.global_reason(User._meta.get_field("groups").remote_field.through)


@pytest.fixture
def two(world):
    """The same kinds of rows in Testshire and in Otherborough."""
    ours = add_evidence(world.action)
    theirs = add_evidence(world.other_action)
    for action in (world.action, world.other_action):
        update_submit(action=action, membership=None, actor=None, text="Week's news")
    return ours, theirs


@pytest.mark.parametrize("model", [Plan, Action, Update, Evidence, Membership, AuditEvent])
def test_scoped_rows_are_exactly_the_authoritys(world, two, model):
    """Worked out independently of the declared path: each row's authority found by
    following its own foreign keys in Python."""

    def authority_of(row):
        for step in ("action", "plan", "authority"):
            if hasattr(row, f"{step}_id"):
                row = getattr(row, step)
        return row

    for authority in (world.authority, world.other):
        expected = {
            row.pk for row in model._default_manager.all() if authority_of(row) == authority
        }
        assert expected, f"no {model.__name__} in {authority} to compare"
        assert set(scoped(model, authority).values_list("pk", flat=True)) == expected


def test_scoped_authority_and_many_to_many_rows(world):
    ours = make_finding(make_source(world.authority, "Inspection"), "1", "Ours")
    theirs = make_finding(make_source(world.other, "Their inspection"), "1", "Theirs")
    ours.actions.add(world.action)
    theirs.actions.add(world.other_action)

    assert list(scoped(Authority, world.authority)) == [world.authority]
    through = scoped(Finding.actions.through, world.authority)
    assert [(row.finding_id, row.action_id) for row in through] == [(ours.pk, world.action.pk)]


def test_get_scoped_finds_our_row_and_not_theirs(world):
    themes = Theme.objects.select_related("plan")

    assert get_scoped(themes, world.authority, world.theme.pk) == world.theme
    other_theme = factories.make_theme(world.other_plan, "Theirs")
    with pytest.raises(Http404, match="No such theme"):
        get_scoped(themes, world.authority, other_theme.pk, "No such theme")
    with pytest.raises(Http404):
        get_scoped(Theme, world.authority, 10**30)
