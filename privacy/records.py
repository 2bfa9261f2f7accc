"""The admin's read-only lists of what members of the public sent (join requests,
messages, registrations, proposals): moderators read them, nobody changes them, and every
reading is written to Wagtail's audit log (Reports › Site history)."""

from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from moderation.policies import ModeratorsMayReadPolicy

from .audit import log_personal_data_access


class AuditedIndexView(IndexView):
    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        log_personal_data_access(context["object_list"], "privacy.view", self.request.user)
        return context


class AuditedInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log_personal_data_access([self.object], "privacy.view", self.request.user)
        return context


class PersonalRecordViewSet(ModelViewSet):
    """A list and an inspect view of one kind of record, for moderators only.

    Registering the viewset registers the policy (moderation/policies.py) for its model,
    so every admin view of these records, not only this one, refuses other roles.
    """

    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView

    def __init__(self, *args, **kwargs):
        # Before the viewset registers itself, which would give the model Wagtail's
        # default policy (anyone with the model's permissions).
        register_permission_policy(self.model, ModeratorsMayReadPolicy(self.model))
        super().__init__(*args, **kwargs)
