"""Audit frameworks and their versions. A version is never changed: revising a framework
makes a new version, and audits keep the version they were scheduled against."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.quality.models import Domain, Framework, FrameworkVersion

# An indicator code holds 30 characters, and QA_DOMAIN_GOOD_ takes 15 of them.
CODE_LENGTH = 15
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,14}$")
_SMALL = {"OF", "THE", "AND", "A", "AN", "TO", "IN", "FOR", "ON"}


@dataclass(frozen=True)
class DomainSpec:
    name: str
    prompts: str = ""
    code: str = ""  # made from the name when empty


def domain_code(name: str) -> str:
    """VOICE_CHILD from "Voice of the child", MANAGEMENT from "Management oversight": the
    name's words without the small ones, as many as fit in 15 characters."""
    words = [w for w in re.sub(r"[^A-Za-z0-9]+", " ", name).upper().split() if w not in _SMALL]
    code = ""
    for word in words or ["DOMAIN"]:
        joined = f"{code}_{word}" if code else word
        if len(joined) > CODE_LENGTH:
            break
        code = joined
    code = code or words[0][:CODE_LENGTH]
    return code if code[:1].isalpha() else f"D{code}"[:CODE_LENGTH]


def _checked(domains: list[DomainSpec]) -> list[DomainSpec]:
    cleaned = []
    codes: set[str] = set()
    for spec in domains:
        name = " ".join(spec.name.split())
        if not name:
            continue
        code = spec.code.strip().upper() or domain_code(name)
        if not _CODE.match(code):
            raise ValidationError(
                {
                    "domains": f"“{code}” cannot be a domain code: use up to "
                    f"{CODE_LENGTH} letters, numbers and underscores"
                }
            )
        if code in codes:
            raise ValidationError(
                {
                    "domains": f"Two domains of this framework would share the "
                    f"code {code} (“{name}”): name them more differently"
                }
            )
        codes.add(code)
        cleaned.append(DomainSpec(name[:200], spec.prompts.strip(), code))
    if not cleaned:
        raise ValidationError({"domains": "Enter at least one domain to audit"})
    return cleaned


def _version(
    framework: Framework, actor: User | None, domains: list[DomainSpec], notes: str
) -> FrameworkVersion:
    number = (
        framework.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = FrameworkVersion.objects.create(
        framework=framework, number=number, notes=notes.strip(), created_by=actor
    )
    Domain.objects.bulk_create(
        Domain(version=version, code=d.code, name=d.name, prompts=d.prompts, position=i)
        for i, d in enumerate(domains, start=1)
    )
    return version


@transaction.atomic
def framework_create(
    *,
    authority: Authority,
    actor: User | None,
    name: str,
    domains: list[DomainSpec],
    description: str = "",
    illustrative: bool = False,
) -> Framework:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the framework's name"})
    if Framework.objects.in_authority(authority).filter(name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a framework called {name}"})
    checked = _checked(domains)
    framework = Framework.objects.create(
        authority=authority,
        name=name[:200],
        description=description.strip(),
        illustrative=illustrative,
    )
    _version(framework, actor, checked, "First version")
    audit_record(
        authority=authority,
        actor=actor,
        verb="created",
        obj=framework,
        changes={"domains": [d.name for d in checked]},
    )
    return framework


@transaction.atomic
def framework_revise(
    *, framework: Framework, actor: User | None, domains: list[DomainSpec], notes: str
) -> FrameworkVersion:
    """A new version with these domains. Audits already scheduled keep their version."""
    if not notes.strip():
        raise ValidationError({"notes": "Say what changed in this version"})
    locked = Framework.objects.select_for_update().get(pk=framework.pk)
    before = [d.name for d in locked.current.domains.all()]
    version = _version(locked, actor, _checked(domains), notes)
    audit_record(
        authority=locked.authority,
        actor=actor,
        verb="revised",
        obj=locked,
        changes={
            "version": version.number,
            "domains": [before, [d.name for d in version.domains.all()]],
        },
    )
    return version
