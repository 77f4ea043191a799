"""Each step of a congress records the date of its event (step 1 of 3: the column, empty)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [
        migrations.AddField(model_name="transition", name="on",
                            field=models.DateField(null=True)),
    ]
