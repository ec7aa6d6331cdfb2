"""Add the Annex A KPIs to the indicator catalogue."""

from django.db import migrations


def load(apps, schema_editor):
    from stocktake.childdata.catalogue import catalogue_add

    catalogue_add(apps.get_model("indicators", "CatalogueEntry"))


def unload(apps, schema_editor):
    apps.get_model("indicators", "CatalogueEntry").objects.filter(code__startswith="AA_").delete()


class Migration(migrations.Migration):
    dependencies = [("childdata", "0001_initial"), ("indicators", "0005_integrity_constraints")]
    operations = [migrations.RunPython(load, unload)]
