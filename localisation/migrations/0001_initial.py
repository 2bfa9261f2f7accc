"""The glossary moves here from home, its tables and rows kept.

The models' state is created over the existing tables (made by home's 0007), which are
then renamed; home's 0012 removes the models from home's state.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

from portal.content_types import move_content_types

import localisation.models

class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0011_footer_and_menu_moderation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GlossaryTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('term', models.CharField(help_text='As written in English.', max_length=120, unique=True, verbose_name='term')),
                        ('meaning', models.TextField(blank=True, help_text='What it means here, for translators.', verbose_name='meaning')),
                    ],
                    options={
                        'verbose_name': 'glossary term',
                        'verbose_name_plural': 'glossary',
                        'ordering': ['term'],
                        'db_table': 'home_glossaryterm',
                    },
                ),
                migrations.CreateModel(
                    name='GlossaryTranslation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('language_code', models.CharField(choices=localisation.models.content_languages, max_length=20, verbose_name='language')),
                        ('translation', models.CharField(max_length=200, verbose_name='agreed translation')),
                        ('note', models.CharField(blank=True, help_text='e.g. when not to use it.', max_length=300, verbose_name='note')),
                        ('term', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='localisation.glossaryterm')),
                    ],
                    options={
                        'verbose_name': 'agreed translation',
                        'db_table': 'home_glossarytranslation',
                        'ordering': ['sort_order'],
                        'abstract': False,
                        'constraints': [models.UniqueConstraint(fields=('term', 'language_code'), name='one_glossary_translation_per_language')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="glossaryterm", table=None),
        migrations.AlterModelTable(name="glossarytranslation", table=None),
        move_content_types("home", "localisation", ["glossaryterm", "glossarytranslation"]),
    ]
