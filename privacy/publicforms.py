"""The one flow of every form the public sends from a page of the site.

A form is a declaration: a `PublicForm` subclass names its Django form, the record it
keeps, the emails it sends and its thank-you template. `PublicForm.submit(request, page)`
then does the same thing for every form, in this order:

1. the rate limit (privacy/spam.py): over it, the form again with what was typed, 429;
2. the honeypot: a program that filled it is thanked, and nothing is kept or sent;
3. validation: errors are shown beside what the person typed, nothing is kept;
4. the record, saved in one transaction with the consent statement the person read and
   when they agreed (ConsentRecord), together with the queued emails;
5. the emails, sent by the background worker (never during the visitor's request) in the
   visitor's language; a failing mail server loses nothing, the record is already kept;
6. the thank-you page.

Adding a form is a subclass of a few lines; see docs/architecture.md.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.html import escape

from django_tasks import task

from portal.page_cache import for_this_visitor_only

from .consent import LAWFUL_BASIS_CONSENT
from .mail import send_quietly
from .spam import over_rate_limit, too_many_requests

logger = logging.getLogger(__name__)

# Every declared form by name, so that the worker finds the emails of a queued record.
PUBLIC_FORMS = {}


@dataclass(frozen=True)
class FormEmail:
    """One email a form sends once its record is kept.

    `build(record)` returns the EmailMessage, or None when there is nobody to send it to;
    `kind` names it in the log when it cannot be sent (never the person it is for).
    """

    kind: str
    build: Any


class PublicForm:
    """The declaration of a public form; subclasses set the attributes below."""

    #: unique, stable name (it is stored with each queued email)
    name = None
    #: the Django form; it mixes in privacy.spam.HoneypotMixin and, when it takes
    #: personal data, privacy.consent.ConsentMixin
    form_class = None
    #: the model of the record kept (a ConsentRecord when the form asks for consent)
    record_model = None
    #: the template that shows the form on its page (None: the page's own template)
    template = None
    #: the template of the thank-you page
    thanks_template = None
    #: FormEmail, in the order they are sent
    emails = ()
    #: whether the form is given the page it is on (as `index_page`), e.g. to check a
    #: new group's name against the groups already there
    form_takes_page = False
    #: what allows the record to be kept (privacy/consent.py), stored with it
    lawful_basis = LAWFUL_BASIS_CONSENT

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.name:
            PUBLIC_FORMS[cls.name] = cls

    # What a declaration may change.

    def get_form(self, request, page):
        data = request.POST if request.method == "POST" else None
        if self.form_takes_page:
            return self.form_class(data, index_page=page)
        return self.form_class(data)

    def record_fields(self, form, page):
        """The record's fields besides consent, from the valid form. Every declaration
        gives its own (or replaces `save` whole, as the contact page does): there is no
        sensible default for what a form keeps."""
        raise NotImplementedError(f"{type(self).__name__} must say what its record keeps")

    def save(self, form, page):
        """Keep the record (inside the flow's transaction) and return it. Returning None
        keeps and sends nothing; the person is thanked all the same, so that no answer
        tells a visitor what the database holds."""
        fields = self.record_fields(form, page)
        if hasattr(form, "consent_text"):
            fields.update(
                consent_text=form.consent_text,
                consented_at=timezone.now(),
                lawful_basis=self.lawful_basis,
            )
        return self.record_model.objects.create(**fields)

    def render_form(self, request, page, form, **context):
        return page.render(
            request, template=self.template, context_overrides={"form": form, **context}
        )

    def render_thanks(self, request, page, record=None):
        return TemplateResponse(request, self.thanks_template, {"page": page, "self": page})

    def page_of(self, record):
        """The page a record was sent from, named in the log when an email fails."""
        return record.page

    def emails_for(self, record):
        """The emails to send about this record (all of them, unless a form says)."""
        return self.emails

    # The flow itself, the same for every form.

    def show(self, request, page):
        return self.render_form(request, page, self.get_form(request, page))

    def respond(self, request, page):
        """For a route that shows the form and takes it: GET shows, POST submits."""
        return self.submit(request, page) if request.method == "POST" else self.show(request, page)

    def submit(self, request, page):
        form = self.get_form(request, page)
        if over_rate_limit(request):
            return too_many_requests(self.render_form(request, page, form, rate_limited=True))
        if form.is_spam():
            # Looks like success to the program that sent it; nothing is kept or sent.
            return for_this_visitor_only(self.render_thanks(request, page))
        if not form.is_valid():
            return self.render_form(request, page, form)
        with transaction.atomic():
            record = self.save(form, page)
            if record is not None:
                self.queue_emails(record)
        # What this visitor sent (or whether they had registered before) is theirs alone.
        return for_this_visitor_only(self.render_thanks(request, page, record))

    def queue_emails(self, record):
        # Queued in the record's transaction: the worker sees both or neither.
        language = translation.get_language()
        for email in self.emails_for(record):
            index = self.emails.index(email)
            send_public_form_email.enqueue(self.name, index, record.pk, language)


@task()
def send_public_form_email(form_name, email_index, record_pk, language):
    """Send one email of a kept record, in the language of the person who sent the form.

    Returns whether it went; a record deleted meanwhile (erased, or purged) sends nothing.
    """
    declaration = PUBLIC_FORMS[form_name]()
    record = declaration.record_model.objects.filter(pk=record_pk).first()
    if record is None:
        return False
    email = declaration.emails[email_index]
    with translation.override(language):
        message = email.build(record)
        if message is None:
            return False
        return send_quietly(message, email.kind, declaration.page_of(record))


def as_rich_text(text):
    """What a visitor typed, as paragraphs of plain text: whatever markup it holds stays text.

    For the drafts that public forms make (a registered group's description, a proposed
    group's remit), which moderators then edit as rich text.
    """
    paragraphs = [paragraph.strip() for paragraph in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + escape(paragraph).replace("\n", "<br/>") + "</p>"
        for paragraph in paragraphs
        if paragraph
    )
