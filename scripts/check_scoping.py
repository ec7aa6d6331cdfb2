"""House rule: views reach objects only through the signed-in user's authority.

Fails if any views module calls `Model.objects` or `get_object_or_404(Model, ...)`, or if
a view function that takes an authority-scoped URL is not wrapped in `authority_view`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "stocktake"
EXEMPT_VIEWS = {"home", "healthz", "error_403", "error_404", "error_500"}


def problems_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id[:1].isupper()
        ):
            found.append(f"{path}:{node.lineno}: {node.value.id}.objects in a view")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
        ):
            found.append(f"{path}:{node.lineno}: {node.func.id} in a view")
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            args = [a.arg for a in node.args.args]
            if args[:1] != ["request"] or node.name in EXEMPT_VIEWS:
                continue
            decorators = {ast.unparse(d).split("(")[0] for d in node.decorator_list}
            if "authority_view" not in decorators:
                found.append(f"{path}:{node.lineno}: view {node.name} is not @authority_view")
    return found


def main() -> int:
    problems = [p for f in sorted(ROOT.rglob("views*.py")) for p in problems_in(f)]
    for problem in problems:
        print(problem)
    print(f"Scoping check: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
