"""Subject access and erasure: every record the portal holds for an email address.

Each app that keeps what the public sent registers its kinds of record with the
`register_personal_records` hook: a list of `PersonalRecords`, each a kind's name and a
function giving the records held for an address. From them:

- `export_personal_data(email)`: everything held, as JSON-ready data, with the pages and
  revisions that mention the address (listed, never changed: a moderator decides);
- `erase_personal_data(email)`: deletes the records, all or nothing, and lists the same
  pages for a moderator.

Both are written to Wagtail's audit log (Reports › Site history), with who asked.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page, Revision

from .audit import log_personal_data_access

PERSONAL_RECORDS_HOOK = "register_personal_records"


@dataclass(frozen=True)
class PersonalRecords:
    """One kind of record about members of the public (join requests, messages, ...)."""

    kind: str
    #: email address -> queryset of the records held for it
    held_for: Any


def personal_record_kinds():
    kinds = []
    for registered in hooks.get_hooks(PERSONAL_RECORDS_HOOK):
        kinds.extend(registered())
    return kinds


def normalised(email):
    return email.strip()


def as_data(record):
    """A record's own fields, JSON-ready (related rows by their name)."""
    data = {}
    for field in record._meta.concrete_fields:
        value = getattr(record, field.name)
        if isinstance(field, models.ForeignKey):
            value = str(value) if value is not None else None
        elif isinstance(value, datetime.datetime | datetime.date):
            value = value.isoformat()
        data[field.name] = value
    return data


def pages_mentioning(email):
    """Pages whose current content or revisions contain the address: for a moderator to
    read and decide, since a page is the network's words, not the person's record."""
    revisions = (
        Revision.objects.annotate(text=Cast("content", models.TextField()))
        .filter(text__icontains=email, base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", "pk")
    )
    revision_ids = {}
    for object_id, revision_id in revisions:
        revision_ids.setdefault(int(object_id), []).append(revision_id)
    return [
        {"page_id": page.pk, "title": page.title, "revisions": sorted(revision_ids[page.pk])}
        for page in Page.objects.filter(pk__in=revision_ids).order_by("pk")
    ]


def export_personal_data(email, *, user=None):
    email = normalised(email)
    held = {}
    for kind in personal_record_kinds():
        records = list(kind.held_for(email))
        if records:
            held[str(kind.kind)] = [as_data(record) for record in records]
            log_personal_data_access(records, "privacy.export", user)
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "records": held,
        "pages_mentioning_this_address": pages_mentioning(email),
    }


def personal_data_counts(email):
    """{kind: number of records} held for the address, read without being logged (what
    erasure would delete)."""
    email = normalised(email)
    counts = {str(kind.kind): kind.held_for(email).count() for kind in personal_record_kinds()}
    return {kind: count for kind, count in counts.items() if count}


def erase_personal_data(email, *, user=None):
    """Delete every record held for the address. Returns ({kind: number deleted}, pages
    that mention the address)."""
    email = normalised(email)
    counts = {}
    with transaction.atomic():
        for kind in personal_record_kinds():
            records = kind.held_for(email)
            found = list(records)
            if not found:
                continue
            log_personal_data_access(found, "privacy.erase", user)
            counts[str(kind.kind)] = records.delete()[1].get(records.model._meta.label, 0)
    return counts, pages_mentioning(email)
