from django.conf import settings
from django.db import migrations


def create_content_locales(apps, schema_editor):
    # Wagtail creates the default language's locale; the others in
    # WAGTAIL_CONTENT_LANGUAGES (Welsh) are created here so that a new site can be
    # translated at once. Adding a language later is done in the admin (Settings > Locales).
    Locale = apps.get_model("wagtailcore", "Locale")
    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=language_code)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_content_locales, migrations.RunPython.noop)]
