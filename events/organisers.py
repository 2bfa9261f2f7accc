"""Who may read an event's registrations: moderators, and the convenors of the group that
organises it (or under whose page it is).

A convenor's account belongs to a Django group named "Convenors: ..." holding page
permissions on their group's page (directory/convenors.py); events recognise it by that
name and those permissions, without importing the directory.
"""

import csv
import io

from django.db.models import Q

from wagtail.models import GroupPagePermission

from moderation.roles import is_moderator
from privacy.spreadsheets import neutralise_formula

CONVENOR_GROUP_PREFIX = "Convenors: "


def is_organiser(user, event):
    if not (user.is_authenticated and user.is_active):
        return False
    if is_moderator(user):
        return True
    group_pages = Q(page__path__in=[event.path[:end] for end in range(4, len(event.path) + 1, 4)])
    # The admin may hand over a plain Page: the organiser is then looked up.
    organiser_id = getattr(event, "organiser_id", None)
    if organiser_id is None and not hasattr(event, "organiser_id"):
        organiser_id = (
            type(event)
            .objects.filter(pk=event.pk)
            .values_list("eventpage__organiser_id", flat=True)
            .first()
        )
    if organiser_id:
        group_pages |= Q(page_id=organiser_id)
    return GroupPagePermission.objects.filter(
        group_pages,
        group__in=user.groups.filter(name__startswith=CONVENOR_GROUP_PREFIX),
    ).exists()


def safe_cell(value):
    """The value as text a spreadsheet shows and never runs."""
    return neutralise_formula("" if value is None else str(value))


def registrations_csv(event, registrations):
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(
        ["name", "email", "status", "postcode district", "access needs", "registered at"]
    )
    for registration in registrations:
        writer.writerow(
            [
                safe_cell(registration.name),
                safe_cell(registration.email),
                safe_cell(registration.get_status_display()),
                safe_cell(registration.postcode_district),
                safe_cell(registration.access_needs),
                registration.created_at.isoformat(timespec="minutes"),
            ]
        )
    return output.getvalue()
