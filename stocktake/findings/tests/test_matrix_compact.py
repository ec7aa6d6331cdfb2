"""The compact traceability matrix: one row per finding (grouped under its source), the
detail on demand, every finding in full on request, in a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from stocktake.demo import factories
from stocktake.findings.tests.test_traceability import (
    MATRIX_QUERIES,
    build_big_register,
    flagged,  # noqa: F401 - a fixture used below
    queries_for,
)
from stocktake.findings.traceability import traceability_matrix

pytestmark = pytest.mark.django_db


def rows_of(page: str) -> list[str]:
    body = page[page.index(">Finding to impact</caption>") :]
    body = body[: body.index("</table>")]
    return re.findall(r'<th scope="row"[^>]*>(.*?)</th>', body, re.S)


def test_the_compact_matrix_has_a_row_per_finding_and_its_detail_on_demand(
    world,
    flagged,  # noqa: F811
    client,
):
    client.force_login(world.users["viewer"])
    url = reverse("findings:matrix", args=[world.authority.slug])
    matrix = traceability_matrix(world.authority)

    compact = client.get(url).content.decode()
    full = client.get(url + "?view=full").content.decode()

    rows = rows_of(compact)
    assert len(rows) == len(matrix.rows) == len(rows_of(full))
    assert all('class="govuk-details__summary"' in row for row in rows)
    assert all('class="govuk-details__summary"' not in row for row in rows_of(full))
    # A heading over each source's findings.
    sources = [r.source_title for n, r in enumerate(matrix.rows)
               if n == 0 or r.source_id != matrix.rows[n - 1].source_id]  # fmt: skip
    assert len(sources) > 1
    assert re.findall(r'<th scope="colgroup" colspan="4"[^>]*>([^<]+)</th>', compact) == sources
    answered = next(r for r in matrix.rows if r.actions)
    done = sum(1 for a in answered.actions if a.is_complete)
    assert f"{done} of {len(answered.actions)} complete" in compact
    assert "Show every finding in full" in compact and "Show the compact matrix" in full
    flagged_url = reverse("findings:matrix", args=[world.authority.slug]) + "?flag=no_action"
    assert f'href="{flagged_url}&amp;view=full"' in full


def test_readings_are_counted_in_their_order():
    from stocktake.findings.impact import Impact
    from stocktake.findings.traceability import MatrixRow

    row = MatrixRow(1, "1", "t", "afi", "AFI", "", 1, "S", "", 0, "", "")
    row.impacts = [
        Impact(id=n, label="m", reading=r, reading_label=r, latest="")
        for n, r in enumerate(("met", "not_met", "met"))
    ]
    assert row.readings == [("not_met", "Not met", 1), ("met", "Met", 2)]


@pytest.mark.slow
def test_both_views_of_a_large_register_use_the_same_queries(world, client):
    small = factories.make_authority("Smallshire")
    small_viewer = factories.make_user(small, username="small-viewer")
    build_big_register(small, findings=5, actions=20)
    build_big_register(world.authority, findings=100, actions=500)
    counts = []
    for user, authority in ((small_viewer, small), (world.users["viewer"], world.authority)):
        client.force_login(user)
        url = reverse("findings:matrix", args=[authority.slug])
        counts += [queries_for(client, url)[0], queries_for(client, url + "?view=full")[0]]
    assert counts == [MATRIX_QUERIES] * 4
