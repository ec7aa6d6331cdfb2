"""Case-file audits: frameworks (versioned), the programme of audit rounds, the audits with
their grades, moderation, audit actions, safeguarding concerns and the learning themes.

Everything belongs to an authority and is reached through it: a framework or a round has
the authority; an audit, its grades, moderation, actions and concerns are reached through
their round. An audit keeps the framework *version* it was scheduled against, and a version
is never edited once made (a change to a framework makes a new version), so changing a
framework never changes an audit already recorded. A moderator's grade never overwrites the
auditor's: both are kept, with the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from stocktake.accounts.models import Authority
from stocktake.core.constraints import choice_check
from stocktake.people.models import Person
from stocktake.quality.choices import GOOD_OR_BETTER, AuditStatus, Grade, Origin, RoundKind
from stocktake.quality.querysets import (
    AuditActionQuerySet,
    CaseAuditQuerySet,
    ConcernQuerySet,
    FrameworkQuerySet,
    RoundQuerySet,
)

USER = settings.AUTH_USER_MODEL


class Framework(models.Model):
    """What an authority audits against: its domains and prompts live in versions."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="audit_frameworks"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    authority_path = "authority"

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("authority", Lower("name"), name="framework_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> FrameworkVersion:
        return self.versions.latest("number")  # a framework is created with its first version


class FrameworkVersion(models.Model):
    """One version of a framework's domains. Never changed once created."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    notes = models.TextField("What changed", blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    authority_path = "framework__authority"

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}, version {self.number}"


class Domain(models.Model):
    """A practice domain graded in each audit, with the prompts the auditor answers. `code`
    names the domain across versions (and its indicator, QA_DOMAIN_GOOD_<code>)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=30)
    name = models.CharField(max_length=200)
    prompts = models.TextField(blank=True, help_text="The questions for this domain, one a line")
    position = models.PositiveIntegerField(default=0)

    authority_path = "version__framework__authority"

    class Meta:
        ordering = ["version", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="domain_code_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def prompt_list(self) -> list[str]:
        return [line.strip() for line in self.prompts.splitlines() if line.strip()]


class AuditRound(models.Model):
    """A batch of the programme: the monthly audit, a themed audit, or an import."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="audit_rounds")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=RoundKind.choices, default=RoundKind.MONTHLY)
    theme = models.CharField(max_length=200, blank=True, help_text="For a themed audit")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.RESTRICT, related_name="rounds")
    due_date = models.DateField()
    moderation_share = models.PositiveSmallIntegerField(
        default=10, help_text="The share of completed audits moderated, as a percentage"
    )
    sample = models.JSONField(
        default=dict, blank=True, help_text="How the cases were chosen (seed, population, size)"
    )
    illustrative = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    authority_path = "authority"

    class Meta:
        ordering = ["-due_date", "-id"]
        constraints = [
            models.UniqueConstraint("authority", Lower("title"), name="audit_round_title_unique"),
            models.CheckConstraint(
                condition=models.Q(moderation_share__lte=100), name="moderation_share_at_most_100"
            ),
            choice_check("kind", RoundKind.values, name="audit_round_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class CaseAudit(models.Model):
    """One case file audited: a case reference (never a child's name), who audits it, and
    once completed its grades and what the auditor found."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="audits")
    case_reference = models.CharField(max_length=40)
    auditor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="audits_to_do"
    )
    moderator = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="audits_to_moderate"
    )
    practitioner = models.CharField(max_length=200, blank=True)
    team_manager = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=AuditStatus.choices, default=AuditStatus.SCHEDULED
    )
    overall_grade = models.CharField(max_length=25, choices=Grade.choices, blank=True)
    strengths = models.TextField(blank=True)
    development = models.TextField("Areas for development", blank=True)
    child_voice = models.TextField("The child's voice", blank=True)
    practitioner_feedback = models.TextField(blank=True)
    manager_feedback = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(
        null=True, blank=True, help_text="When Stocktake learned the audit was completed"
    )
    moderation_required = models.BooleanField(default=False)
    moderation_reason = models.CharField(max_length=100, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.RECORDED)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseAuditQuerySet.as_manager()

    authority_path = "round__authority"

    class Meta:
        ordering = ["due_date", "case_reference", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "case_reference"], name="case_audited_once_a_round"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed")
                | (models.Q(completed_on__isnull=False) & ~models.Q(overall_grade="")),
                name="completed_audit_has_date_and_grade",
            ),
            choice_check("status", AuditStatus.values, name="case_audit_status_valid"),
            choice_check("overall_grade", [*Grade.values, ""], name="case_audit_grade_valid"),
            choice_check("origin", Origin.values, name="case_audit_origin_valid"),
        ]

    def __str__(self) -> str:
        return f"Case {self.case_reference}"

    @property
    def is_completed(self) -> bool:
        return self.status == AuditStatus.COMPLETED


class DomainGrade(models.Model):
    """The auditor's grade for one domain. Written once, when the audit is completed."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="grades")
    domain = models.ForeignKey(Domain, on_delete=models.RESTRICT, related_name="grades")
    grade = models.CharField(max_length=25, choices=Grade.choices)
    comment = models.TextField(blank=True)

    authority_path = "audit__round__authority"

    class Meta:
        ordering = ["domain__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "domain"], name="domain_graded_once"),
            choice_check("grade", Grade.values, name="domain_grade_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.get_grade_display()}"


class Moderation(models.Model):
    """A second reviewer's view of a completed audit. The auditor's grades are untouched:
    where the moderator disagrees, their grade and reason are kept beside the original."""

    audit = models.OneToOneField(CaseAudit, on_delete=models.CASCADE, related_name="moderation")
    moderator = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    moderated_on = models.DateField()
    overall_agreed = models.BooleanField()
    overall_grade = models.CharField(
        "The moderator's overall grade", max_length=25, choices=Grade.choices
    )
    reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    authority_path = "audit__round__authority"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall_agreed=True) | ~models.Q(reason=""),
                name="changed_grade_has_reason",
            ),
            choice_check("overall_grade", Grade.values, name="moderation_grade_valid"),
        ]

    def __str__(self) -> str:
        return f"Moderation of {self.audit}"


class ModeratedGrade(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="grades")
    domain = models.ForeignKey(Domain, on_delete=models.RESTRICT, related_name="+")
    agreed = models.BooleanField()
    grade = models.CharField(max_length=25, choices=Grade.choices)
    reason = models.TextField(blank=True)

    authority_path = "moderation__audit__round__authority"

    class Meta:
        ordering = ["domain__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["moderation", "domain"], name="domain_moderated_once"),
            choice_check("grade", Grade.values, name="moderated_grade_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.get_grade_display()}"


class AuditAction(models.Model):
    """Something to put right on the case, raised by an audit, with an owner and a due date."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="audit_actions")
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completion_note = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditActionQuerySet.as_manager()

    authority_path = "audit__round__authority"

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"Audit action on case {self.audit.case_reference}"

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None


class SafeguardingConcern(models.Model):
    """An immediate safeguarding concern found in an audit: the QA lead and the team manager
    are told at once, and it stays open until someone records what was done."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="concerns")
    description = models.TextField()
    raised_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    alerted = models.JSONField(default=list, blank=True, help_text="Who was told, and how")
    action_taken = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ConcernQuerySet.as_manager()

    authority_path = "audit__round__authority"

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True) | ~models.Q(action_taken=""),
                name="closed_concern_says_what_was_done",
            )
        ]

    def __str__(self) -> str:
        return f"Safeguarding concern on case {self.audit.case_reference}"


class LearningTheme(models.Model):
    """A theme of practice learning seen across audits, linked to the findings and plan
    actions it bears on."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="learning_themes"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    findings = models.ManyToManyField("findings.Finding", blank=True, related_name="+")
    actions = models.ManyToManyField("plans.Action", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    authority_path = "authority"

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("authority", Lower("name"), name="learning_theme_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ThemeTag(models.Model):
    """A learning theme seen in one audit, in one of its domains (or the audit as a whole)."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="tags")
    theme = models.ForeignKey(LearningTheme, on_delete=models.CASCADE, related_name="tags")
    domain = models.ForeignKey(Domain, null=True, blank=True, on_delete=models.RESTRICT)
    created_at = models.DateTimeField(auto_now_add=True)

    authority_path = "audit__round__authority"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "theme", "domain"], name="theme_tagged_once")
        ]

    def __str__(self) -> str:
        return f"{self.theme} in {self.audit}"


class AuditUpload(models.Model):
    """A file of audits, previewed and then applied whole (kept so any process can apply it)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Waiting for confirmation"
        APPLIED = "applied", "Applied"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    preview = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    authority_path = "authority"

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            choice_check("status", ["previewed", "applied"], name="audit_upload_status_valid")
        ]

    def __str__(self) -> str:
        return self.filename


def effective_grade(auditor: str, moderated: str | None) -> str:
    """The grade that counts: the moderator's where they changed it, else the auditor's."""
    return moderated or auditor


def is_good_or_better(grade: str) -> bool:
    return grade in GOOD_OR_BETTER
