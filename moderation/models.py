from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _


def revision_relations(related_query_name):
    """The relations that delete a snippet's revisions and workflow states with it."""
    return (
        GenericRelation("wagtailcore.Revision", related_query_name=related_query_name),
        GenericRelation(
            "wagtailcore.WorkflowState",
            content_type_field="base_content_type",
            object_id_field="object_id",
            related_query_name=related_query_name,
            for_concrete_model=False,
        ),
    )


class PublicSubmission(models.Model):
    """Marks a draft page that a member of the public sent through a form on the site.

    Created only by moderation.drafts.submit_public_draft, which the public forms call;
    the moderation queue on the dashboard labels these pages "Public submission". It holds
    no personal data: who sent it stays with the form's own records.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="public_submission",
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("public submission")

    def __str__(self):
        return str(_("Public submission of page {page_id}")).format(page_id=self.page_id)
