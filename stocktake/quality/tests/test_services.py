"""The rules of the programme: frameworks are versioned and audits keep theirs; case
references, never names; a random sample anyone can check; a completed audit is never
changed; the moderation sample (the round's share, and every inadequate); a safeguarding
concern tells the QA lead and team manager at once and closes only with what was done; the
weekly reminder lists audit work; the export holds every audit."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from stocktake.audit.models import AuditEvent
from stocktake.quality.exports import export_audits
from stocktake.quality.models import CaseAudit
from stocktake.quality.reminders import audit_reminder_lines
from stocktake.quality.sampling import read_references, sample
from stocktake.quality.services import (
    AuditFields,
    DomainDecision,
    DomainSpec,
    audit_action_create,
    audit_assign,
    audit_save,
    concern_close,
    concern_raise,
    framework_revise,
    moderation_record,
)
from stocktake.quality.tests.conftest import complete, make_round

D = dt.date


def test_revising_a_framework_never_changes_audits_already_scheduled(qa, world):
    first = qa.framework.current
    framework_revise(
        framework=qa.framework,
        actor=None,
        notes="Add recording",
        domains=[
            *[DomainSpec(d.name, d.prompts) for d in first.domains.all()],
            DomainSpec("Recording"),
        ],
    )
    assert qa.framework.current.number == 2
    assert [d.name for d in qa.round.version.domains.all()] == [
        "Voice of the child",
        "Management oversight",
    ]
    later = make_round(world.authority, qa.framework, ["3001"], [], title="July")
    assert later.version.domains.count() == 3
    complete(qa.audits[0], "good", ["good", "good"], D(2019, 6, 3))  # two domains, as scheduled
    with pytest.raises(ValidationError):
        framework_revise(framework=qa.framework, actor=None, notes="", domains=[DomainSpec("X")])


def test_case_references_never_names():
    found = read_references("12345\nJane Smith\n12345\nCR/2019/77, =cmd|1\n")
    assert found.references == ["12345", "CR/2019/77"]
    assert found.problems == [
        "Item 2: “Jane Smith” has no number in it. Enter the case reference the council uses, "
        "never a child's name",
        "Item 3: 12345 is in the list twice",
        "Item 5: “=cmd|1” is not a case reference: use only letters, numbers, spaces, full "
        "stops, slashes, dashes and underscores",
    ]


def test_a_sample_is_the_same_for_the_same_list_and_seed():
    population = [str(n) for n in range(1000, 1100)]
    drawn = sample(population, 10, seed=42)
    assert drawn == sample(population, 10, seed=42)
    assert drawn != sample(population, 10, seed=43)
    assert len(set(drawn)) == 10 and set(drawn) <= set(population)


def test_a_completed_audit_cannot_be_changed_and_completion_needs_everything(qa):
    audit = qa.audits[0]
    with pytest.raises(ValidationError) as error:
        audit_save(audit=audit, actor=None, fields=AuditFields(), complete=True)
    assert set(error.value.message_dict) == {f"grade_{d.pk}" for d in qa.domains} | {
        "overall_grade",
        "strengths",
        "development",
        "child_voice",
        "completed_on",
    }
    audit_save(audit=audit, actor=None, fields=AuditFields(strengths="Draft"), complete=False)
    audit.refresh_from_db()
    assert (audit.status, audit.strengths) == ("in_progress", "Draft")
    complete(audit, "good", ["good", "good"], D(2019, 6, 3))
    with pytest.raises(ValidationError, match="cannot be changed"):
        audit_save(audit=audit, actor=None, fields=AuditFields(strengths="x"), complete=False)


def test_the_moderation_sample_takes_the_share_and_every_inadequate(qa, world):
    references = [f"40{n:02d}" for n in range(20)]
    big = make_round(world.authority, qa.framework, references, [], title="Big", share=10)
    audits = list(big.audits.order_by("case_reference"))
    for n, audit in enumerate(audits):
        grade = "inadequate" if n in (5, 6) else "good"
        complete(audit, grade, [grade, grade], D(2019, 6, 1) + dt.timedelta(days=n))
    chosen = {
        a.case_reference: a.moderation_reason for a in big.audits.filter(moderation_required=True)
    }
    # 10% of 20 is 2 sampled (the 1st and the 11th completed keep the share), and both
    # inadequate audits.
    assert chosen == {
        "4000": "In the 10% sample",
        "4005": "Graded inadequate",
        "4006": "Graded inadequate",
        "4010": "In the 10% sample",
    }


def test_moderation_keeps_both_grades_and_refuses_the_auditor(qa, world):
    audit = qa.audits[0]  # audited by "auditor"
    audit_assign(
        audit=audit,
        actor=None,
        auditor=qa.auditor_person,
        moderator=qa.other_person,
        practitioner="",
        team_manager=None,
        due_date=audit.due_date,
    )
    complete(audit, "good", ["good", "good"], D(2019, 6, 3))
    voice, oversight = qa.domains
    decisions = [DomainDecision(voice.pk, "good"), DomainDecision(oversight.pk, "inadequate")]
    with pytest.raises(ValidationError, match="someone else must moderate"):
        moderation_record(
            audit=audit,
            actor=qa.auditor,
            moderated_on=D(2019, 6, 4),
            overall_grade="good",
            reason="",
            decisions=decisions,
        )
    with pytest.raises(ValidationError) as error:
        moderation_record(
            audit=audit,
            actor=qa.other_auditor,
            moderated_on=D(2019, 6, 2),
            overall_grade="requires_improvement",
            reason="",
            decisions=decisions,
        )
    assert set(error.value.message_dict) == {"reason", f"reason_{oversight.pk}", "moderated_on"}
    moderation_record(
        audit=audit,
        actor=qa.other_auditor,
        moderated_on=D(2019, 6, 4),
        overall_grade="good",
        reason="",
        decisions=[
            DomainDecision(voice.pk, "good"),
            DomainDecision(oversight.pk, "inadequate", "No supervision"),
        ],
    )
    audit.refresh_from_db()
    assert audit.moderation.overall_agreed
    assert [(g.agreed, g.grade) for g in audit.moderation.grades.all()] == [
        (True, "good"),
        (False, "inadequate"),
    ]
    assert audit.grades.get(domain=oversight).grade == "good"  # the auditor's, untouched


def test_a_safeguarding_concern_alerts_at_once_and_closes_with_what_was_done(qa, world):
    qa.qa_lead.email = "qa.lead@example.org"
    qa.qa_lead.save()
    audit = qa.audits[0]
    audit_assign(
        audit=audit,
        actor=None,
        auditor=qa.auditor_person,
        moderator=None,
        practitioner="",
        team_manager=qa.manager,
        due_date=audit.due_date,
    )
    concern = concern_raise(audit=audit, actor=qa.auditor, description="The baby was not seen")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "qa.lead@example.org",
        "tom.manager@example.org",
    ]
    assert all("case 1001" in m.subject and "baby" not in m.body for m in mail.outbox)
    assert [a["outcome"] for a in concern.alerted] == ["sent", "sent"]
    with pytest.raises(ValidationError):
        concern_close(concern=concern, actor=qa.qa_lead, action_taken=" ")
    concern_close(concern=concern, actor=qa.qa_lead, action_taken="Seen the same day")
    concern.refresh_from_db()
    assert concern.closed_at is not None and concern.closed_by == qa.qa_lead


def test_the_weekly_reminder_lists_audit_work(qa, world):
    audit = qa.audits[0]  # due 28 June 2019, for Ada
    lines = audit_reminder_lines(qa.auditor_person, D(2019, 6, 25))
    assert [line.text for line in lines] == [
        "Audit case 1001 (Monthly audit – June 2019): due 28 June 2019",
        "Audit case 1003 (Monthly audit – June 2019): due 28 June 2019",
    ]
    assert lines[0].url.endswith(f"/audits/{audit.pk}/")
    complete(audit, "good", ["good", "good"], D(2019, 6, 26))
    audit_action_create(
        audit=audit,
        actor=None,
        text="Update the plan",
        owner=qa.manager,
        due_date=D(2019, 7, 1),
        today=D(2019, 6, 26),
    )
    assert [line.text for line in audit_reminder_lines(qa.manager, D(2019, 7, 3))] == [
        "Audit action on case 1001: Update the plan – overdue by 2 days (due 1 July 2019)"
    ]
    assert audit_reminder_lines(qa.manager, D(2019, 6, 1)) == []  # not due within the week


def test_the_reminder_email_carries_the_audit_lines(qa, world):
    from stocktake.governance.cycle import OwnerList
    from stocktake.governance.services.reminders import reminder_message

    entry = OwnerList(qa.auditor_person)
    times = type("T", (), {"closes_at": dt.datetime(2019, 6, 25, 17, tzinfo=dt.UTC)})()
    message = reminder_message(world.plan, entry, times)
    assert "Audit case 1001 (Monthly audit – June 2019): due 28 June 2019" in message.body
    assert "Audit case 1001" in message.alternatives[0][0]


def test_the_export_holds_every_audit(qa, world):
    complete(qa.audits[0], "good", ["good", "requires_improvement"], D(2019, 6, 3))
    data = json.loads(export_audits(world.authority, "json"))
    assert [a["case_reference"] for a in data["audits"]] == ["1001", "1002", "1003", "1004"]
    first = data["audits"][0]
    assert first["domain_grades"] == {
        "VOICE_CHILD": "good",
        "MANAGEMENT": "requires_improvement",
    }
    assert (first["framework"], first["completed_on"], first["auditor"]) == (
        "Practice audit",
        "2019-06-03",
        "Ada Auditor",
    )
    csv = export_audits(world.authority, "csv").decode("utf-8-sig").splitlines()
    assert csv[0].startswith("case_reference,framework,framework_version,round")
    assert csv[1].startswith("1001,Practice audit,1,Monthly audit – June 2019")
    assert export_audits(world.authority, "xlsx")[:2] == b"PK"
    assert AuditEvent.objects.filter(verb="audits exported").count() == 3
    assert "9001" not in json.dumps(data)  # Otherborough's audit
    assert CaseAudit.objects.count() == 5


def test_domain_codes_fit_an_indicator_code():
    from stocktake.quality.services.frameworks import domain_code

    names = {
        "Voice of the child": "VOICE_CHILD",
        "Management oversight": "MANAGEMENT",
        "123 things": "D123_THINGS",
        "Extraordinarilylongwordhere": "EXTRAORDINARILY",
    }
    assert {n: domain_code(n) for n in names} == names
    assert all(len("QA_DOMAIN_GOOD_" + domain_code(n)) <= 30 for n in names)
