from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from privacy.records import PersonalRecordViewSet
from privacy.retention import PERSONAL_DATA_HOOK, pages_in_moderation
from privacy.subject_access import PERSONAL_RECORDS_HOOK, PersonalRecords

from .models import Aim, GroupProposal, JoinRequest


class AimViewSet(SnippetViewSet):
    model = Aim
    icon = "pick"
    menu_label = _("Aims of working groups")
    list_display = ["name", "sort_order", "locale"]
    add_to_admin_menu = True
    menu_order = 260


register_snippet(AimViewSet)


class JoinRequestViewSet(PersonalRecordViewSet):
    model = JoinRequest
    icon = "mail"
    menu_label = _("Requests to join")
    list_display = ["name", "group", "created_at"]
    list_filter = ["group"]
    search_fields = ["name", "email", "message"]
    inspect_view_fields = [
        "group",
        "name",
        "email",
        "message",
        "consent_text",
        "consented_at",
        "lawful_basis",
        "created_at",
    ]
    # No form is ever shown: the policy refuses adding and changing.
    form_fields = ["name"]


class GroupProposalViewSet(PersonalRecordViewSet):
    model = GroupProposal
    icon = "help"
    menu_label = _("Proposals of new groups")
    list_display = ["proposed_name", "proposer_name", "created_at"]
    search_fields = ["proposed_name", "proposer_name", "proposer_email"]
    inspect_view_fields = [
        "proposed_name",
        "page",
        "proposer_name",
        "proposer_email",
        "proposal_text",
        "consent_text",
        "consented_at",
        "lawful_basis",
        "created_at",
    ]
    form_fields = ["proposed_name"]


class WorkingGroupRecordsGroup(ModelViewSetGroup):
    items = (JoinRequestViewSet, GroupProposalViewSet)
    menu_icon = "group"
    menu_label = _("Working group mail")
    menu_order = 270


@hooks.register("register_admin_viewset")
def register_working_group_records():
    return WorkingGroupRecordsGroup()


@hooks.register(PERSONAL_DATA_HOOK)
def expired_working_group_personal_data(cutoff):
    return {
        "requests to join working groups": JoinRequest.objects.filter(created_at__lt=cutoff),
        # Who proposed a group stays while a moderator may still need to ask them.
        "working group proposals": GroupProposal.objects.filter(created_at__lt=cutoff).exclude(
            page_id__in=pages_in_moderation()
        ),
    }


@hooks.register(PERSONAL_RECORDS_HOOK)
def working_group_personal_records():
    return [
        PersonalRecords(
            _("requests to join working groups"),
            lambda email: JoinRequest.objects.filter(email__iexact=email),
        ),
        PersonalRecords(
            _("working group proposals"),
            lambda email: GroupProposal.objects.filter(proposer_email__iexact=email),
        ),
    ]
