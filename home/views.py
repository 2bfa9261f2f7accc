"""The contact page's form, declared for privacy.publicforms.

The page is one of Wagtail's form builder pages: editors choose its fields, and what a
visitor sends is kept as Wagtail's FormSubmission, which only moderators read.
"""

from django.template.response import TemplateResponse

from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.forms.views import SubmissionsListView

from privacy.audit import log_personal_data_access
from privacy.publicforms import FormEmail, PublicForm
from privacy.spreadsheets import FormulaSafeExportMixin

from .emails import contact_message


class ContactTheNetwork(PublicForm):
    name = "home.contact"
    record_model = FormSubmission
    emails = (FormEmail("contact form message", contact_message),)

    def get_form(self, request, page):
        if request.method != "POST":
            return page.get_form(page=page, user=request.user)
        return page.get_form(request.POST, request.FILES, page=page, user=request.user)

    def save(self, form, page):
        return page.process_form_submission(form)

    def render_form(self, request, page, form, **context):
        page_context = page.get_context(request)
        page_context.update(form=form, **context)
        return TemplateResponse(request, page.get_template(request), page_context)

    def render_thanks(self, request, page, record=None):
        return page.render_landing_page(request, record)


class ContactSubmissionsListView(FormulaSafeExportMixin, SubmissionsListView):
    """The moderators' list and export of the contact form's messages, each reading
    written to the audit log."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = "privacy.export" if self.is_export else "privacy.view"
        log_personal_data_access(context["submissions"], action, self.request.user)
        return context
