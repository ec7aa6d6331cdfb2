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
            f"{views}:18: view unguarded is not @authority_view",
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
    assert "view page is not @authority_view" in out
    assert out.strip().endswith("Scoping check: 2 problem(s)")


def test_scoped_views_pass(lint, tmp_path):
    views = tmp_path / "views.py"
    views.write_text(
        "@authority_view(Capability.VIEW)\n"
        "def page(request, plan_id):\n"
        "    return selectors.plan_for(request.authority, plan_id)\n"
    )

    assert lint.problems_in(views) == []
