"""A finding linked to a measure of success that has since been made into an indicator is
linked to that indicator too, so its impact is read from the indicator's figures."""

from django.db import migrations


def forwards(apps, schema_editor):
    ImpactLink = apps.get_model("findings", "ImpactLink")
    Indicator = apps.get_model("indicators", "Indicator")
    made_from = dict(
        Indicator.objects.filter(measure__isnull=False).values_list("measure_id", "pk")
    )
    taken = set(
        ImpactLink.objects.filter(indicator__isnull=False).values_list("finding_id", "indicator_id")
    )
    for link in ImpactLink.objects.filter(indicator__isnull=True, measure__isnull=False).order_by(
        "id"
    ):
        indicator_id = made_from.get(link.measure_id)
        if indicator_id is None or (link.finding_id, indicator_id) in taken:
            continue
        link.indicator_id = indicator_id
        link.save(update_fields=["indicator"])
        taken.add((link.finding_id, indicator_id))


def backwards(apps, schema_editor):
    """Links made to an indicator alone cannot be kept without it; the others lose the key."""
    ImpactLink = apps.get_model("findings", "ImpactLink")
    ImpactLink.objects.filter(measure__isnull=True).delete()
    ImpactLink.objects.update(indicator=None)


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0003_impact_link_indicator"),
        ("indicators", "0002_catalogue"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
