"""Create a Wagtail locale for each language in settings.WAGTAIL_CONTENT_LANGUAGES.

Adding a language is a settings change (LANGUAGES) followed by this command (or the admin's
Settings > Locales). Idempotent; a locale whose language left the settings is reported,
never deleted (its pages would go with it).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from wagtail.models import Locale


class Command(BaseCommand):
    help = "Create a locale for every content language in the settings (idempotent)."

    def handle(self, *args, **options):
        wanted = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        created = []
        for code in wanted:
            _locale, was_created = Locale.objects.get_or_create(language_code=code)
            if was_created:
                created.append(code)
        if created:
            self.stdout.write(f"Created locales: {', '.join(created)}")
        else:
            self.stdout.write("Every language in the settings has a locale; nothing changed.")
        unused = Locale.objects.exclude(language_code__in=wanted).values_list(
            "language_code", flat=True
        )
        for code in unused:
            self.stdout.write(
                self.style.WARNING(
                    f"Locale {code} is no longer in the settings; it was left as it is "
                    "(delete it in Settings > Locales if its content should go)."
                )
            )
