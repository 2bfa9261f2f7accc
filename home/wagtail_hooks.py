from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.contrib.forms.models import FormSubmission
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from privacy.contact import NETWORK_CONTACT_HOOK
from privacy.retention import PERSONAL_DATA_HOOK
from privacy.subject_access import PERSONAL_RECORDS_HOOK, PersonalRecords

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


def contact_submissions_from(email):
    # The form builder keeps what was typed as JSON: an entry is this person's when one
    # of its answers is exactly the address.
    candidates = FormSubmission.objects.filter(form_data__icontains=email)
    own = [
        submission.pk
        for submission in candidates
        if any(
            str(answer).strip().lower() == email.lower() for answer in submission.form_data.values()
        )
    ]
    return FormSubmission.objects.filter(pk__in=own)


@hooks.register(PERSONAL_RECORDS_HOOK)
def contact_form_personal_records():
    return [PersonalRecords(_("contact form submissions"), contact_submissions_from)]


# The worker (portal's run_worker) retries the video look-ups that failed, when they are due.
hooks.register("run_every_minute", retry_video_lookups)
