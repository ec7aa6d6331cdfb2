# The findings a plan listed moved to the findings register (findings 0002) first.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0003_owner_person_restrict'),
        ('findings', '0002_plan_findings_into_register'),
    ]

    operations = [
        migrations.DeleteModel(
            name='PlanFinding',
        ),
    ]
