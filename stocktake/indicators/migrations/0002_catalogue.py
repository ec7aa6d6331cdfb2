"""Load the standard children's social care indicators into the catalogue."""

from django.db import migrations


def load(apps, schema_editor):
    from stocktake.indicators.catalogue import catalogue_sync

    catalogue_sync(apps.get_model("indicators", "CatalogueEntry"))


def unload(apps, schema_editor):
    apps.get_model("indicators", "CatalogueEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
