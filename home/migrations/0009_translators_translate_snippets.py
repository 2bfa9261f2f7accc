"""Translators translate the snippets visitors see (footer, menu, categories, people, aims).

Snippets have no moderation, so home/wagtail_hooks.py lets a member who is only a Translator
edit the translations alone, never the source-language snippet; with no add or delete
permission they cannot create or remove one either (wagtail-localize's "Translate" makes
the translation).
"""

from django.db import migrations

TRANSLATABLE_SNIPPETS = [
    ("home", "footertext"),
    ("home", "mainmenu"),
    ("blog", "blogcategory"),
    ("blog", "person"),
    ("workinggroups", "aim"),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    translators, _ = Group.objects.get_or_create(name="Translators")
    for app_label, model in TRANSLATABLE_SNIPPETS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in ["change", "view"]:
            # On a new database Django creates model permissions after all migrations ran.
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            translators.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("home", "0008_glossary_terms_and_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
