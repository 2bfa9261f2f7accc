"""Demo content modelled on the network's real site.

Idempotent: whatever exists already (found by slug or by language) is left as it is, so
running it again after editors have changed the demo pages loses none of their work.
Each feature adds its own content here as it is built.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from blog.models import BlogPage
from home.models import (
    ContactFormField,
    ContactPage,
    FooterText,
    HomePage,
    MainMenu,
    MainMenuItem,
    OrganisationSettings,
    StandardPage,
)
from home.site_setup import existing_home_page, remove_welcome_page
from moderation.roles import EDITORS, MODERATORS, TRANSLATORS

from ...blog import ensure_blog
from ...directory import ensure_demo_convenor, ensure_directory
from ...events import ensure_events
from ...pictures import ensure_pictures
from ...publishing import publish_child
from ...translations import ensure_welsh
from ...workinggroups import ensure_working_groups

SITE_NAME = "Labour In Exile Network"
DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "portal-demo-admin"  # noqa: S105 - printed on purpose, dev only
# One member of each role, so that the workflow can be tried at once (dev only, like admin).
DEMO_MEMBERS = [
    # username, group, password (printed on purpose)
    ("editor", EDITORS, "portal-demo-editor"),
    ("moderator", MODERATORS, "portal-demo-moderator"),
    ("translator", TRANSLATORS, "portal-demo-translator"),
]
PENDING_PAGE_SLUG = "coffee-morning"

ABOUT_BODY = [
    ("heading", {"heading_text": "Who we are", "size": "h2"}),
    (
        "paragraph",
        RichText(
            "<p>We are Labour Party members, and former members, who keep organising "
            "after our local parties were suspended or we were pushed out of them. Where a "
            "constituency party has been shut down, members meet as a <b>shadow CLP</b> so "
            "that the work in the community carries on.</p>"
        ),
    ),
    ("heading", {"heading_text": "What we do", "size": "h2"}),
    (
        "paragraph",
        RichText(
            "<p>Our work serves three aims:</p><ul><li>fighting the purge of socialists "
            "from the party;</li><li>changing the party, so that members decide its "
            "policies and its candidates;</li><li>campaigning in our communities, with "
            "or without the party's permission.</li></ul><p>Working groups take on the "
            "press, social media and outreach, analysis of the witch-hunt, racism, "
            "disabilities and more. Anyone can propose a new one.</p>"
        ),
    ),
    (
        "quote",
        {
            "text": "They suspended our branch. They did not suspend our members.",
            "speaker": "A shadow CLP convenor",
            "speaker_role": "speaking at an open online meeting",
        },
    ),
]

JOIN_BODY = [
    (
        "paragraph",
        RichText(
            "<p>Membership is open to anyone who shares our aims, whether or not you are "
            "still a member of the Labour Party. It costs <b>£5 a year unwaged</b> or "
            "<b>£10 a year waged</b>, paid through our membership service.</p>"
            "<p>Members are invited to the open online meetings, can join any working "
            "group and can help set up a shadow CLP where they live.</p>"
        ),
    ),
]

PRIVACY_BODY = [
    ("heading", {"heading_text": "What we keep and why", "size": "h2"}),
    (
        "paragraph",
        RichText(
            "<p>When you write to us, join a working group or register a local group, we "
            "keep your name, your email address and what you wrote, so that we can "
            "answer you and put you in touch with others. Because it shows your political "
            "opinions, the law treats it as special category data and we protect it "
            "accordingly.</p>"
        ),
    ),
    ("heading", {"heading_text": "Who sees it", "size": "h2"}),
    (
        "paragraph",
        RichText(
            "<p>Only the volunteers who must answer you: the site's moderators, and a "
            "group's convenor when you write to that group. We never publish it, never "
            "sell it and never share it with the Labour Party or anyone else.</p>"
        ),
    ),
    ("heading", {"heading_text": "How long we keep it", "size": "h2"}),
    (
        "paragraph",
        RichText(
            # The site deletes them itself after PERSONAL_DATA_RETENTION_DAYS (default
            # 180, purge_personal_data); change this text if you change that.
            "<p>The site deletes what you sent six months after we receive it (a group "
            "registration or proposal once a moderator has dealt with it, if that takes "
            "longer). You may ask to see, correct or delete what we hold about you at "
            "any time through the contact page.</p>"
        ),
    ),
]

CONTACT_FIELDS = [
    {"label": "Your name", "field_type": "singleline", "required": True},
    {"label": "Your email address", "field_type": "email", "required": True},
    {"label": "Your message", "field_type": "multiline", "required": True},
    {
        "label": "I agree that the network keeps my name, email and message to answer me, "
        "as the privacy policy explains",
        "field_type": "checkbox",
        "required": True,
    },
]


class Command(BaseCommand):
    help = "Create the demo site: pages, news, settings and menu (what exists is left alone)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help=(
                f"Also create a superuser '{DEMO_ADMIN_USERNAME}', an editor, a moderator and "
                "a translator with published passwords, and a page waiting for approval "
                "(refused unless DEBUG is on)."
            ),
        )

    def handle(self, *args, with_admin=False, **options):
        if with_admin and not settings.DEBUG:
            raise CommandError(
                "Refusing to create an account with a published password while DEBUG is off. "
                "On a server, create your own with: manage.py createsuperuser"
            )
        self.created = []
        with transaction.atomic():
            home = self.ensure_home_page()
            about = self.ensure_standard_page(
                home,
                slug="about",
                title="About us",
                intro="A network of Labour members who keep organising where their local "
                "parties were suspended.",
                body=ABOUT_BODY,
            )
            join = self.ensure_standard_page(
                home,
                slug="join",
                title="Join us",
                intro="£5 a year unwaged, £10 a year waged.",
                body=JOIN_BODY,
            )
            privacy = self.ensure_standard_page(
                home,
                slug="privacy",
                title="Privacy policy",
                intro="What we keep about you, why, and for how long.",
                body=PRIVACY_BODY,
            )
            contact = self.ensure_contact_page(home)
            news = ensure_blog(home, self.created)
            working_groups = ensure_working_groups(home, self.created)
            local_groups = ensure_directory(home, self.created)
            events = ensure_events(home, self.created)
            if home.join_page_id is None:
                home.join_page = join
                home.save_revision().publish()
            self.ensure_settings(home)
            self.ensure_footer(privacy)
            self.ensure_menu([about, news, working_groups, local_groups, events, join, contact])
            ensure_pictures(home, self.created)
            ensure_welsh(home, privacy, self.created)

        if self.created:
            self.stdout.write("Created: " + ", ".join(self.created))
        else:
            self.stdout.write("Demo content already present; nothing changed.")
        if with_admin:
            self.ensure_admin()
            members = {
                username: self.ensure_member(username, group_name, password)
                for username, group_name, password in DEMO_MEMBERS
            }
            self.ensure_post_waiting_for_approval(news, members["editor"])
            convenor = ensure_demo_convenor()
            if convenor:
                self.stdout.write(self.style.SUCCESS(convenor))

    def ensure_home_page(self):
        default_locale = Locale.get_default()
        home = existing_home_page()
        if home is None:
            root = Page.get_first_root_node()
            # The demo home page takes the place (and the slug) of Wagtail's placeholder.
            remove_welcome_page()
            home = HomePage(
                title="Home",
                slug="home",
                locale=default_locale,
                hero_heading="Organising where our local parties were shut down",
                hero_text="Shadow constituency groups, working groups and open meetings "
                "for members who will not be silenced.",
                intro=(
                    "<p>Across the country, local Labour parties have been suspended and "
                    "socialists expelled. We keep the work going: we meet, we campaign in "
                    "our communities and we organise to change the party.</p>"
                ),
                join_heading="Join the network",
                join_text="Membership costs £5 a year unwaged or £10 a year waged. Every "
                "member can join a working group and help set up a shadow CLP.",
                next_meeting=(
                    "<p>Open online meetings take place every month. Members receive "
                    "the joining details by email.</p>"
                ),
                seo_title="Labour In Exile Network",
                search_description="Shadow CLPs, working groups and open meetings of the "
                "Labour In Exile Network.",
            )
            publish_child(root, home, self.created, "home page")

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=SITE_NAME,
            )
        elif site.root_page_id != home.pk or not site.site_name:
            site.root_page = home
            site.site_name = site.site_name or SITE_NAME
            site.save()
        return home

    def ensure_standard_page(self, parent, *, slug, title, intro, body):
        page = StandardPage.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = StandardPage(title=title, slug=slug, intro=intro, body=body)
            publish_child(parent, page, self.created, f"'{title}' page")
        return page

    def ensure_contact_page(self, parent):
        page = ContactPage.objects.child_of(parent).filter(slug="contact").first()
        if page is None:
            page = ContactPage(
                title="Contact us",
                slug="contact",
                intro="<p>Write to the network. A volunteer will answer you by email.</p>",
                thank_you_text=(
                    "<p>Thank you for writing to us. A volunteer will answer you by email, "
                    "usually within a week.</p>"
                ),
                subject="Message from the website",
            )
            page.form_fields = [
                ContactFormField(sort_order=index, **field)
                for index, field in enumerate(CONTACT_FIELDS)
            ]
            publish_child(parent, page, self.created, "contact page")
        return page

    def ensure_settings(self, home):
        site = Site.objects.get(root_page=home)
        organisation = OrganisationSettings.for_site(site)
        if not organisation.membership_url:
            organisation.contact_email = organisation.contact_email or "contact@example.org"
            organisation.membership_url = "https://membership.example.org/join"
            organisation.membership_fee_unwaged = Decimal("5.00")
            organisation.membership_fee_waged = Decimal("10.00")
            organisation.facebook_url = "https://www.facebook.com/"
            organisation.x_url = "https://x.com/"
            organisation.save()
            self.created.append("organisation settings")

    def ensure_footer(self, privacy_page):
        if not FooterText.objects.filter(locale=Locale.get_default()).exists():
            footer = FooterText.objects.create(
                locale=Locale.get_default(),
                body=(
                    "<p>Published by volunteers of the Labour In Exile Network. We never "
                    "publish or share members' personal details: read our "
                    f'<a linktype="page" id="{privacy_page.pk}">privacy policy</a>.</p>'
                ),
            )
            # Live already (a new row is); the published revision starts its history.
            footer.save_revision().publish()
            self.created.append("footer text")

    def ensure_menu(self, pages):
        if MainMenu.objects.filter(locale=Locale.get_default()).exists():
            return
        menu = MainMenu(title="Main menu", locale=Locale.get_default())
        menu.items = [
            MainMenuItem(link_page=page, sort_order=index) for index, page in enumerate(pages)
        ]
        menu.save()
        menu.save_revision().publish()
        self.created.append("main menu")

    def ensure_admin(self):
        User = get_user_model()
        user = User.objects.filter(username=DEMO_ADMIN_USERNAME).first()
        if user is None:
            User.objects.create_superuser(
                DEMO_ADMIN_USERNAME, email="", password=DEMO_ADMIN_PASSWORD
            )
            login_hint = f"password {DEMO_ADMIN_PASSWORD}"
        elif user.check_password(DEMO_ADMIN_PASSWORD):
            login_hint = f"password {DEMO_ADMIN_PASSWORD}"
        else:
            login_hint = "the password you gave it (it was changed from the demo one)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/ "
                f"user {DEMO_ADMIN_USERNAME}, {login_hint} (demo only)"
            )
        )

    def ensure_member(self, username, group_name, password):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username,
                email=f"{username}@example.org",
                password=password,
                first_name=username.capitalize(),
                last_name="(demo)",
            )
            user.groups.add(Group.objects.get(name=group_name))
        login_hint = (
            f"password {password}"
            if user.check_password(password)
            else "the password you gave it (it was changed from the demo one)"
        )
        self.stdout.write(
            self.style.SUCCESS(f"{group_name}: user {username}, {login_hint} (demo only)")
        )
        return user

    def ensure_post_waiting_for_approval(self, news, editor):
        if Page.objects.child_of(news).filter(slug=PENDING_PAGE_SLUG).exists():
            return
        page = BlogPage(
            title="Coffee morning in Stroud",
            slug=PENDING_PAGE_SLUG,
            intro="Members meet for coffee on the first Saturday of the month.",
            live=False,
            owner=editor,
        )
        news.add_child(instance=page)
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
        self.stdout.write("Created: a news post waiting for a moderator's approval")
