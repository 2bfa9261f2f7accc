"""PublicSubmission moves here from home, its table and rows kept.

The model's state is created over the existing table (home_publicsubmission, made by
home's 0005), which is then renamed; home's 0012 removes the model from home's state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from portal.content_types import move_content_types

class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0011_footer_and_menu_moderation"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PublicSubmission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('received_at', models.DateTimeField(auto_now_add=True, verbose_name='received')),
                        ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='public_submission', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='page')),
                    ],
                    options={
                        'verbose_name': 'public submission',
                        'db_table': 'home_publicsubmission',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="publicsubmission", table=None),
        move_content_types("home", "moderation", ["publicsubmission"]),
    ]
