"""A job's page and its status fragment: the permission matrix for every background URL,
GET and POST, for every role; a job is seen only by members whose role may follow it and
never from another authority; unfinished jobs poll with htmx and say when no worker runs;
finished ones link to the result or say why they failed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from stocktake.accounts.roles import Capability
from stocktake.background.models import Job
from stocktake.background.recovery import worker_beat
from stocktake.background.tests.helpers import use_backend
from stocktake.core.tests.helpers import all_url_names, as_each_role, request_as, shared_world

# `world` is made once for the module (see the root conftest's `module_db`); each test
# runs in a savepoint rolled back after it.
world = shared_world

pytestmark = pytest.mark.django_db
ROLES = ("admin", "lead", "owner", "partner", "viewer", "outsider", "anonymous")
EDITORS = (200, 200, 404, 404, 404, 404, 302)  # an EDIT_PLAN job: others do not know it
NOT_ALLOWED = (405, 405, 405, 405, 405, 405, 302)
MATRIX = [
    ("background:job", "GET", EDITORS),
    ("background:job", "POST", NOT_ALLOWED),
    ("background:job_status", "GET", EDITORS),
    ("background:job_status", "POST", NOT_ALLOWED),
]


def make_job(authority, status=Job.Status.QUEUED, **fields: Any) -> Job:
    values = {"title": "Importing the plan", "task_name": "x.y", "capability": "edit_plan"}
    return Job.objects.create(authority=authority, status=status, **{**values, **fields})


def url(name: str, job: Job) -> str:
    return reverse(name, args=[job.authority.slug, job.pk])


@pytest.mark.parametrize(("name", "method", "statuses"), MATRIX)
def test_permission_matrix(world, name, method, statuses):
    job = make_job(world.authority, Job.Status.DONE)
    link = url(name, job)

    got, wrote = as_each_role(
        ROLES, lambda role: request_as(world.users, role, method, link, {}, lambda: 0)
    )

    assert got == dict(zip(ROLES, statuses, strict=True))
    assert not any(wrote.values())


def test_matrix_covers_every_background_url_with_get_and_post():
    names = {name for name, _, _ in MATRIX}
    assert names == {n for n in all_url_names() if n.startswith("background:")}
    for name in names:
        assert {m for n, m, _ in MATRIX if n == name} == {"GET", "POST"}


def test_a_job_any_member_may_follow_is_seen_by_all_and_never_from_another_authority(world, client):
    job = make_job(world.authority, capability=Capability.VIEW)
    other = make_job(world.other, capability=Capability.VIEW)
    client.force_login(world.users["viewer"])

    assert client.get(url("background:job", job)).status_code == 200
    wrong = reverse("background:job", args=[world.authority.slug, other.pk])
    assert client.get(wrong).status_code == 404


def test_an_unfinished_job_polls_and_says_when_no_worker_is_running(world, client, settings):
    use_backend(settings, "database")
    job = make_job(world.authority, message="Waiting to start")
    client.force_login(world.users["lead"])

    page = client.get(url("background:job", job)).content.decode()
    assert f'hx-get="{url("background:job_status", job)}"' in page
    assert 'hx-trigger="every 2s"' in page and "Waiting to start (0% done)" in page
    assert "No background worker is running" in page

    worker_beat("w1")
    fragment = client.get(url("background:job_status", job)).content.decode()
    assert "No background worker is running" not in fragment and "hx-get" in fragment


def test_a_finished_job_links_to_its_result_and_a_failed_one_says_why(world, client):
    done = make_job(world.authority, Job.Status.DONE, result_url="/a/testshire/",
                    result_label="Open the plan", progress=100)  # fmt: skip
    failed = make_job(world.authority, Job.Status.FAILED, error="Row 7 has no reference")
    client.force_login(world.users["lead"])

    page = client.get(url("background:job", done)).content.decode()
    assert '<a class="govuk-link" href="/a/testshire/">Open the plan</a>' in page
    assert "hx-get" not in page
    page = client.get(url("background:job_status", failed)).content.decode()
    assert "This was not finished" in page and "Row 7 has no reference" in page
