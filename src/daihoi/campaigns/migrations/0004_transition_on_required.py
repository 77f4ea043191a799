"""Step 3 of 3: every step has its date."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_transition_on_fill")]

    operations = [
        migrations.AlterField(model_name="transition", name="on", field=models.DateField()),
    ]
