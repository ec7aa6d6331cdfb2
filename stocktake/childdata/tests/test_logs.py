"""No child ID, as given or pseudonymised, reaches the application log: not while an
extract is imported (by command or upload, with a rejected row), its KPIs computed, its
records and rejected rows viewed or exported, nor when it is deleted."""

from __future__ import annotations

import io
import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from stocktake.accounts.roles import Role
from stocktake.childdata.models import Extract
from stocktake.childdata.services import pseudonym_secret
from stocktake.childdata.tests.helpers import d, keyed, write_lists
from stocktake.core.tests.helpers import date_fields
from stocktake.demo import factories

IDS = ["CHILD-7781-A", "CHILD-7782-B", "CHILD-7783-C", "CHILD-7784-D"]
LISTS = {
    4: [[IDS[0], d("2019-03-04"), "Yes", d("2019-03-04"), "Team A", "Ann"],
        [IDS[1], d("2019-05-10"), "Yes", d("2019-05-09"), "Team A", "Ann"]],  # rejected
    6: [[IDS[2], -1, d("2019-06-01"), None, "Team A", ""],
        [IDS[3], 9, d("2019-02-01"), "31/09/2019", "Team B", "Bo"]],  # rejected
}  # fmt: skip


def test_no_child_id_in_the_application_log(world, tmp_path, caplog, indicator_catalogue):
    caplog.set_level(logging.DEBUG)
    folder = write_lists(tmp_path / "lists", LISTS)
    out = io.StringIO()
    args = ["--authority", "Testshire", "--extract-date", "2019-06-30"]
    call_command("childdata", "import", str(folder), *args, "--dry-run", stdout=out)
    call_command("childdata", "import", str(folder), *args, stdout=out)
    call_command("childdata", "kpis", *args, stdout=out)
    extract = Extract.objects.get()

    analyst = factories.make_user(world.authority, Role.ANALYST, username="analyst")
    client = Client()
    client.force_login(analyst)
    slug = world.authority.slug
    upload = client.post(
        reverse("childdata:upload", args=[slug]),
        {"file": SimpleUploadedFile("List 4.csv", (folder / "List 4.csv").read_bytes()),
         **date_fields("extract_date", d("2019-05-31"))},
    )  # fmt: skip
    assert upload.status_code == 302
    pages = [
        reverse("childdata:records", args=[slug, extract.pk, "AA_ASSESS_45WD"]),
        reverse("childdata:records_csv", args=[slug, extract.pk, "AA_UNALLOCATED"]),
        reverse("childdata:rejected", args=[slug, extract.pk]),
        reverse("childdata:extract", args=[slug, extract.pk]),
    ]
    secret = pseudonym_secret(world.authority)
    shown = "".join(client.get(url).content.decode() for url in pages)
    assert keyed(IDS[0], secret) in shown and keyed(IDS[3], secret) in shown  # they were seen
    assert client.post(reverse("childdata:delete", args=[slug, extract.pk])).status_code == 302

    assert len(caplog.records) > 0  # the log was listening
    logged = caplog.text + "".join(
        f"{r.getMessage()} {r.args!r} {getattr(r, '__dict__', {})!r}" for r in caplog.records
    )
    for child in IDS:
        assert child not in logged
        assert keyed(child, secret) not in logged
