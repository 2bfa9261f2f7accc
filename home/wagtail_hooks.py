from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.contrib.forms.models import FormSubmission
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from privacy.contact import NETWORK_CONTACT_HOOK
from privacy.retention import PERSONAL_DATA_HOOK

from .models import FooterText, MainMenu, OrganisationSettings
from .videos import retry_video_lookups


class MainMenuViewSet(SnippetViewSet):
    model = MainMenu
    icon = "list-ul"
    menu_label = _("Main menu")
    list_display = ["title", "locale"]
    add_to_admin_menu = True
    menu_order = 300


class FooterTextViewSet(SnippetViewSet):
    model = FooterText
    icon = "doc-full"
    menu_label = _("Footer text")
    list_display = ["__str__"]


register_snippet(MainMenuViewSet)
register_snippet(FooterTextViewSet)


@hooks.register(NETWORK_CONTACT_HOOK)
def organisation_contact_address(site):
    # Where a group's messages go when it has no private address of its own.
    contact_email = OrganisationSettings.for_site(site).contact_email
    return [contact_email] if contact_email else []


@hooks.register(PERSONAL_DATA_HOOK)
def expired_contact_form_submissions(cutoff):
    # Every form page's entries (the contact page is the only one today): what the
    # public typed into a form builder page is personal data whatever the page.
    return {
        "contact form submissions": FormSubmission.objects.filter(submit_time__lt=cutoff),
    }


# The worker (portal's run_worker) retries the video look-ups that failed, when they are due.
hooks.register("worker_periodic_jobs", retry_video_lookups)
