"""Give a new installation its home page and its address (README "Run it on a server")."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Page

from home.models import HomePage
from home.site_setup import existing_home_page, point_default_site_at, remove_welcome_page


class Command(BaseCommand):
    help = (
        "Replace Wagtail's placeholder page with the portal's home page (once) and give the "
        "default site the address of WAGTAILADMIN_BASE_URL and the name WAGTAIL_SITE_NAME."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        home = existing_home_page()
        if home is None:
            remove_welcome_page()
            home = HomePage(
                title=settings.WAGTAIL_SITE_NAME,
                slug="home",
                hero_heading=settings.WAGTAIL_SITE_NAME,
            )
            Page.get_first_root_node().add_child(instance=home)
            home.save_revision().publish()
            self.stdout.write(f"Home page created: edit it in the admin ({home.title}).")
        site = point_default_site_at(
            home, base_url=settings.WAGTAILADMIN_BASE_URL, name=settings.WAGTAIL_SITE_NAME
        )
        self.stdout.write(
            self.style.SUCCESS(f"Site {site.site_name}: {site.root_url}, home page {home.title}.")
        )
