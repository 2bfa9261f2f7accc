from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import PasswordResetForm

from accounts.tasks import send_account_email


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


class QueuedPasswordResetForm(PasswordResetForm):
    """Wagtail's password reset form, with the email sent by the worker.

    Sending inside the request would make the answer slower when the account exists than
    when it does not, which tells an outsider who has an account; the worker also keeps a
    slow mail server from holding up the page.
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        send_account_email.enqueue(subject=subject, body=body, to=[to_email], html=html)
