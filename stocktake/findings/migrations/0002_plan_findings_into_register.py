"""Move the findings plans kept with them (plans.PlanFinding, an imported appendix) into the
register: one source per plan, "Findings listed in <plan>", each finding listed with its plan.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    PlanFinding = apps.get_model("plans", "PlanFinding")
    Source = apps.get_model("findings", "Source")
    Finding = apps.get_model("findings", "Finding")
    sources = {}
    for old in PlanFinding.objects.select_related("plan").order_by("plan_id", "position", "id"):
        plan = old.plan
        if plan.pk not in sources:
            sources[plan.pk] = Source.objects.create(
                authority_id=plan.authority_id,
                kind="other",
                title=f"Findings listed in {plan.name}"[:300],
                body=plan.name[:200],
            )
        source = sources[plan.pk]
        reference = old.reference.strip()[:40]
        if reference and Finding.objects.filter(source=source, reference=reference).exists():
            reference = ""
        finding = Finding.objects.create(
            source=source,
            reference=reference,
            text=old.text,
            kind="afi",
            planned_response=old.planned_response,
            progress=old.progress,
            position=old.position,
        )
        finding.listed_in.add(plan)


def backwards(apps, schema_editor):
    PlanFinding = apps.get_model("plans", "PlanFinding")
    Finding = apps.get_model("findings", "Finding")
    for finding in Finding.objects.prefetch_related("listed_in"):
        for plan in finding.listed_in.all():
            PlanFinding.objects.create(
                plan=plan,
                reference=finding.reference,
                text=finding.text,
                planned_response=finding.planned_response,
                progress=finding.progress,
                position=finding.position,
            )


class Migration(migrations.Migration):

    dependencies = [
        ("findings", "0001_initial"),
        ("plans", "0003_owner_person_restrict"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
