"""House rule: views reach objects only through the signed-in user's authority.

A fast lint, without Django, run by `make check`. In views modules (`views*.py`, `views/`)
it fails on:
- a manager reached directly: `Model.objects`, `._default_manager`, `._base_manager`,
  `apps.get_model`, raw SQL (`.raw(`, `connection.cursor`), `get_object_or_404`;
- a view function or class-based view (a class whose base ends in "View") that declares no
  scope: neither `@authority_view` nor `@unscoped_view` (for a class, on the class or through
  `method_decorator(authority_view(...))`).
In selectors modules (`selectors*.py`, `selectors/`) it fails on a function that takes the
authority (or, with an `…_id`, the object to search within) and never reads it.

The runtime guards are in `stocktake.core` (the scoping middleware and start-up check, and
the model-scoping test); this lint catches the same mistakes before anything runs.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "stocktake"
EXEMPT_VIEWS = {"error_403", "error_404", "error_500"}  # handlers, not URL patterns
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SCOPE_DECORATORS = {"authority_view", "unscoped_view"}


def _reaching_data(node: ast.AST) -> str | None:
    """What `node` reaches the database with, bypassing the authority, if it does."""
    if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
        return f"{ast.unparse(node)} in a view"
    if isinstance(node, ast.Call):
        name = ast.unparse(node.func)
        if name.split(".")[-1] in {"get_object_or_404", "get_list_or_404"}:
            return f"{name.split('.')[-1]} in a view"
        if name.endswith("get_model") or name.endswith(".raw") or name.endswith(".cursor"):
            return f"{name}() in a view"
    return None


def _decorator_names(node: ast.FunctionDef | ast.ClassDef) -> str:
    return " ".join(ast.unparse(d) for d in node.decorator_list)


def _declares_scope(node: ast.FunctionDef | ast.ClassDef) -> bool:
    names = _decorator_names(node)
    return any(f"{name}(" in names for name in SCOPE_DECORATORS)


def _is_class_view(node: ast.ClassDef) -> bool:
    return any(ast.unparse(base).split(".")[-1].endswith("View") for base in node.bases)


def problems_in(path: Path) -> list[str]:
    """What a views module does wrong."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (problem := _reaching_data(node)) is not None:
            found.append(f"{path}:{getattr(node, 'lineno', 0)}: {problem}")
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            is_view = [a.arg for a in node.args.args][:1] == ["request"]
            if is_view and node.name not in EXEMPT_VIEWS and not _declares_scope(node):
                found.append(f"{path}:{node.lineno}: view {node.name} declares no scope")
        if isinstance(node, ast.ClassDef) and _is_class_view(node) and not _declares_scope(node):
            found.append(f"{path}:{node.lineno}: class-based view {node.name} declares no scope")
    return found


def _reads(function: ast.FunctionDef, name: str) -> bool:
    return any(
        isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
        for node in ast.walk(function)
    )


def selector_problems_in(path: Path) -> list[str]:
    """Selectors that take the authority (or the object an id is looked for in) and ignore it."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        positional = [a.arg for a in node.args.args]
        args = positional + [a.arg for a in node.args.kwonlyargs]
        scope = "authority" if "authority" in args else None
        if scope is None and positional and any(a.endswith("_id") for a in args[1:]):
            scope = positional[0]
        if scope is not None and not _reads(node, scope):
            found.append(f"{path}:{node.lineno}: selector {node.name} takes {scope} and ignores it")
    return found


def modules(kind: str) -> list[Path]:
    """The app modules of a kind: `views.py`, `views_meetings.py`, a `views/` package…"""
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts
        and (path.name.startswith(kind) or kind in path.relative_to(ROOT).parts[:-1])
    )


def main() -> int:
    problems = [p for f in modules("views") for p in problems_in(f)]
    problems += [p for f in modules("selectors") for p in selector_problems_in(f)]
    for problem in problems:
        print(problem)
    print(f"Scoping check: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
