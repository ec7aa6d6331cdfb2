"""scripts/check_scoping.py: the lint that keeps views reaching data through the authority."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "check_scoping.py"


@pytest.fixture(scope="module")
def lint():
    spec = importlib.util.spec_from_file_location("check_scoping", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_project_passes(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(SCRIPT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("Scoping check: 0 problem(s)")


UNSCOPED_VIEWS = """
from django.shortcuts import get_object_or_404
from stocktake.core.scoping import authority_view
from stocktake.plans.models import Plan


@authority_view()
def sneaky(request, plan_id):
    plan = Plan.objects.get(pk=1)
    return plan


@authority_view()
def also_sneaky(request, plan_id):
    return get_object_or_404(Plan, pk=plan_id)


def unguarded(request, authority):
    return None


def _helper(request):
    return None
"""


def test_a_views_file_reaching_models_directly_is_reported(lint, tmp_path):
    views = tmp_path / "views.py"
    views.write_text(UNSCOPED_VIEWS)

    problems = lint.problems_in(views)

    assert sorted(problems) == sorted(
        [
            f"{views}:9: Plan.objects in a view",
            f"{views}:15: get_object_or_404 in a view",
            f"{views}:18: view unguarded declares no scope",
        ]
    )


def test_the_script_fails_when_any_views_file_has_a_problem(lint, tmp_path, monkeypatch, capsys):
    app = tmp_path / "someapp"
    app.mkdir()
    (app / "views.py").write_text("def page(request):\n    return Plan.objects.get(pk=1)\n")
    monkeypatch.setattr(lint, "ROOT", tmp_path)

    assert lint.main() == 1
    out = capsys.readouterr().out
    assert "Plan.objects in a view" in out
    assert "view page declares no scope" in out
    assert out.strip().endswith("Scoping check: 2 problem(s)")


def test_scoped_views_pass(lint, tmp_path):
    views = tmp_path / "views.py"
    views.write_text(
        "@authority_view(Capability.VIEW)\n"
        "def page(request, plan_id):\n"
        "    return selectors.plan_for(request.authority, plan_id)\n"
    )

    assert lint.problems_in(views) == []


HOLES = """
from django.apps import apps
from django.db import connection
from django.views import View
from django.views.generic import TemplateView
from stocktake.core.scoping import authority_view, unscoped_view


@authority_view()
def by_default_manager(request, plan_id):
    return Plan._default_manager.get(pk=plan_id)


@authority_view()
def by_base_manager(request, plan_id):
    return request.authority.plans.model._base_manager.get(pk=plan_id)


@authority_view()
def by_app_registry(request, plan_id):
    return apps.get_model("plans", "Plan").objects.get(pk=plan_id)


@authority_view()
def by_raw_sql(request, plan_id):
    with connection.cursor() as cursor:
        return Plan.objects.raw("SELECT * FROM plans_plan")


class PlanPage(TemplateView):
    template_name = "plans/dashboard.html"


@method_decorator(authority_view(Capability.VIEW), name="dispatch")
class ScopedPage(View):
    pass


@unscoped_view("signing in")
class SignIn(View):
    pass


class NotAView:
    pass


@unscoped_view("health check")
def healthz(request):
    return None
"""


def test_the_holes_it_used_to_miss_are_reported(lint, tmp_path):
    """A class-based view, the default and base managers, the app registry, raw SQL."""
    views = tmp_path / "views_more.py"
    views.write_text(HOLES)

    problems = lint.problems_in(views)

    assert sorted(problems) == sorted(
        [
            f"{views}:11: Plan._default_manager in a view",
            f"{views}:16: request.authority.plans.model._base_manager in a view",
            f"{views}:21: apps.get_model() in a view",
            f"{views}:21: apps.get_model('plans', 'Plan').objects in a view",
            f"{views}:26: connection.cursor() in a view",
            f"{views}:27: Plan.objects.raw() in a view",
            f"{views}:27: Plan.objects in a view",
            f"{views}:30: class-based view PlanPage declares no scope",
        ]
    )


SELECTORS = """
def plan_for(authority: Authority, plan_id: int) -> Plan:
    return Plan.objects.get(pk=plan_id)


def action_for(plan: Plan, action_id: int) -> Action:
    return Action.objects.get(pk=action_id)


def boards(*, authority: Authority) -> QuerySet[Board]:
    return Board.objects.all()


def theme_for(plan: Plan, theme_id: int) -> Theme:
    return plan.themes.get(pk=theme_id)


def evidence_for(authority: Authority, evidence_id: int) -> Evidence:
    return get_scoped(Evidence, authority, evidence_id)


def build_series(values: list[float]) -> list[float]:
    return values
"""


def test_a_selector_that_ignores_the_authority_is_reported(lint, tmp_path):
    selectors = tmp_path / "selectors.py"
    selectors.write_text(SELECTORS)

    assert lint.selector_problems_in(selectors) == [
        f"{selectors}:2: selector plan_for takes authority and ignores it",
        f"{selectors}:6: selector action_for takes plan and ignores it",
        f"{selectors}:10: selector boards takes authority and ignores it",
    ]


def test_views_and_selectors_packages_are_checked(lint, tmp_path, monkeypatch, capsys):
    package = tmp_path / "quality" / "views"
    package.mkdir(parents=True)
    (package / "audits.py").write_text("def audit(request):\n    return None\n")
    (tmp_path / "quality" / "selectors").mkdir()
    (tmp_path / "quality" / "selectors" / "audits.py").write_text(
        "def audit_for(authority, audit_id):\n    return Audit.objects.get(pk=audit_id)\n"
    )
    tests = tmp_path / "quality" / "tests"
    tests.mkdir()
    (tests / "views_helpers.py").write_text("x = Plan.objects.all()\n")  # tests are exempt
    monkeypatch.setattr(lint, "ROOT", tmp_path)

    assert lint.main() == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{package / 'audits.py'}:1: view audit declares no scope",
        f"{tmp_path / 'quality' / 'selectors' / 'audits.py'}:1: "
        "selector audit_for takes authority and ignores it",
        "Scoping check: 2 problem(s)",
    ]
