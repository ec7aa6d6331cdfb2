"""Every URL of every app is in a permission matrix, for every role, GET and POST.

Each app's `tests/test_permissions.py` exposes its `MATRIX` (and `ROLES`) and runs it; this
test collects them all and compares them with every named URL of the project, so a page
added without its matrix rows (in a new app too) fails here, naming the rows to add.
"""

from __future__ import annotations

import pytest

from stocktake.core.tests import test_url_matrix
from stocktake.core.tests.helpers import all_url_names, permission_matrices

REQUIRED_ROLES = {"admin", "lead", "owner", "partner", "viewer", "outsider", "anonymous"}


def test_every_url_of_every_app_is_in_a_permission_matrix():
    matrices = permission_matrices()
    covered = {name.partition("@")[0] for _, rows in matrices.values() for name, _, _ in rows}

    missing = sorted(all_url_names() - covered)

    assert not missing, (
        "These URLs are in no permission matrix. Add a GET and a POST row for each, with the "
        "status every role gets, to MATRIX in stocktake/<app>/tests/test_permissions.py:\n"
        + "\n".join(missing)
    )
    assert covered <= all_url_names(), (
        f"rows for URLs that no longer exist: {covered - all_url_names()}"
    )


def test_every_matrix_has_get_and_post_rows_for_every_role():
    matrices = permission_matrices()

    assert {"core", "findings", "governance", "imports", "indicators", "reports"} <= set(matrices)
    for app, (roles, rows) in matrices.items():
        assert set(roles) >= REQUIRED_ROLES, (
            f"{app}'s matrix leaves out {REQUIRED_ROLES - set(roles)}"
        )
        for name, method, statuses in rows:
            assert method in {"GET", "POST"}, (app, name, method)
            assert len(statuses) == len(roles), (app, name, method)
        urls = {name.partition("@")[0] for name, _, _ in rows}
        for url in urls:
            methods = {m for n, m, _ in rows if n.partition("@")[0] == url}
            assert methods == {"GET", "POST"}, f"{url} needs a GET and a POST row"


def test_outsiders_and_anonymous_visitors_are_never_let_in():
    """Across every matrix: the outsider gets 404 (or 405 before the authority is looked
    at), except on the pages that belong to no authority; an anonymous visitor is sent to
    sign in from every authority page."""
    unscoped = {"core:home", "core:healthz", "accounts:login", "accounts:logout"}
    for _, (roles, rows) in permission_matrices().items():
        for name, method, statuses in rows:
            if name.partition("@")[0] in unscoped:
                continue
            got = dict(zip(roles, statuses, strict=True))
            assert got["outsider"] in {404, 405}, (name, method)
            assert got["anonymous"] == 302, (name, method)


def test_a_url_left_out_of_every_matrix_is_named(monkeypatch):
    """The guard itself: drop the imports matrix's rows for one URL and it fails, naming it."""
    matrices = permission_matrices()
    roles, rows = matrices["imports"]
    matrices["imports"] = (roles, [row for row in rows if row[0] != "imports:apply"])
    monkeypatch.setattr(test_url_matrix, "permission_matrices", lambda: matrices)

    with pytest.raises(AssertionError, match=r"(?s)in no permission matrix.*imports:apply"):
        test_every_url_of_every_app_is_in_a_permission_matrix()
