"""PublicSubmission now belongs to moderation and the glossary to localisation (their
0001 migrations keep the tables and rows): here they leave home's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0011_footer_and_menu_moderation"),
        ("localisation", "0001_initial"),
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='glossarytranslation',
                    name='term',
                ),
                migrations.RemoveField(
                    model_name='publicsubmission',
                    name='page',
                ),
                migrations.DeleteModel(
                    name='GlossaryTerm',
                ),
                migrations.DeleteModel(
                    name='GlossaryTranslation',
                ),
                migrations.DeleteModel(
                    name='PublicSubmission',
                ),
            ],
        ),
    ]
