"""The moderators' queue on the dashboard: what waits for this user's review."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, TaskState

from .models import PublicSubmission


def moderation_queue_for(user, limit=50):
    """What waits for this user's review, oldest first: one row per page or snippet (the
    footer text and the main menu are moderated too).

    Each row gives the object, its title and editing address, how long it has waited, who
    submitted it (None for a public submission, which is marked as such) and whether it
    came from a public form.
    """
    page_type = ContentType.objects.get_for_model(Page)
    task_states = (
        TaskState.objects.reviewable_by(user)
        .select_related("workflow_state__requested_by", "task")
        .order_by("started_at")[:limit]
    )
    ids_by_type = {}
    for state in task_states:
        ids_by_type.setdefault(state.workflow_state.base_content_type_id, []).append(
            state.workflow_state.object_id
        )
    objects = {}
    for content_type_id, ids in ids_by_type.items():
        model = Page if content_type_id == page_type.pk else None
        if model is None:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        objects_of_type = model.objects.all()
        if any(field.name == "locale" for field in model._meta.get_fields()):
            # A translatable snippet's name says its language (e.g. "Footer (Cymraeg)").
            objects_of_type = objects_of_type.select_related("locale")
        for pk, obj in objects_of_type.in_bulk(ids).items():
            objects[(content_type_id, str(pk))] = obj
    page_ids = [int(pk) for pk in ids_by_type.get(page_type.pk, [])]
    public_page_ids = set(
        PublicSubmission.objects.filter(page_id__in=page_ids).values_list("page_id", flat=True)
    )
    url_finder = AdminURLFinder(user)
    now = timezone.now()
    rows = []
    for state in task_states:
        workflow_state = state.workflow_state
        obj = objects.get((workflow_state.base_content_type_id, workflow_state.object_id))
        if obj is None:
            continue
        is_page = isinstance(obj, Page)
        rows.append(
            {
                "page": obj if is_page else None,
                "title": obj.get_admin_display_title() if is_page else str(obj),
                "edit_url": url_finder.get_edit_url(obj),
                "task_state": state,
                "waiting_since": state.started_at,
                "waiting_for": now - state.started_at,
                "submitted_by": workflow_state.requested_by,
                "is_public_submission": is_page and obj.pk in public_page_ids,
            }
        )
    return rows
