"""Learning themes seen across audits, and the findings and plan actions they bear on."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.findings.models import Finding
from stocktake.plans.models import Action
from stocktake.quality.models import CaseAudit, Domain, LearningTheme, ThemeTag


@transaction.atomic
def learning_theme_create(
    *, authority: Authority, actor: User | None, name: str, description: str = ""
) -> LearningTheme:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the theme, such as “Drift in pre-proceedings”"})
    if LearningTheme.objects.filter(authority=authority, name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a theme called {name}"})
    theme = LearningTheme.objects.create(
        authority=authority, name=name[:200], description=description.strip()
    )
    audit_record(authority=authority, actor=actor, verb="created", obj=theme)
    return theme


@transaction.atomic
def learning_theme_link(
    *,
    theme: LearningTheme,
    actor: User | None,
    findings: Iterable[Finding],
    actions: Iterable[Action],
) -> LearningTheme:
    """Link the theme to exactly these findings and plan actions (the authority's own)."""
    findings, actions = list(findings), list(actions)
    if any(f.source.authority_id != theme.authority_id for f in findings) or any(
        a.plan.authority_id != theme.authority_id for a in actions
    ):
        raise ValidationError("Choose findings and actions of your own authority")
    before = (
        sorted(str(f) for f in theme.findings.all()),
        sorted(a.reference for a in theme.actions.all()),
    )
    theme.findings.set(findings)
    theme.actions.set(actions)
    audit_record(
        authority=theme.authority,
        actor=actor,
        verb="linked",
        obj=theme,
        changes={
            "findings": [before[0], sorted(str(f) for f in findings)],
            "actions": [before[1], sorted(a.reference for a in actions)],
        },
    )
    return theme


@transaction.atomic
def theme_tag(
    *,
    audit: CaseAudit,
    actor: User | None,
    themes: Iterable[LearningTheme],
    domain: Domain | None = None,
) -> list[ThemeTag]:
    """Tag the audit (in one domain, or as a whole) with learning themes; tags already there
    are kept."""
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": "Choose at least one theme"})
    if any(t.authority_id != audit.round.authority_id for t in themes):
        raise ValidationError({"themes": "Choose themes of your own authority"})
    if domain is not None and domain.version_id != audit.round.version_id:
        raise ValidationError({"domain": "Choose one of this audit's domains"})
    made = []
    for theme in themes:
        tag, created = ThemeTag.objects.get_or_create(audit=audit, theme=theme, domain=domain)
        if created:
            made.append(tag)
    if made:
        audit_record(
            authority=audit.round.authority,
            actor=actor,
            verb="tagged",
            obj=audit,
            changes={"themes": [t.theme.name for t in made], "domain": str(domain or "")},
        )
    return made
