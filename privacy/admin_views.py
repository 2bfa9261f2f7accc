"""Subject access and erasure in the admin, for superusers: the same as the
export_personal_data and erase_personal_data commands (privacy/subject_access.py)."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .subject_access import erase_personal_data, export_personal_data, personal_data_counts


class PersonalDataRequestForm(forms.Form):
    email = forms.EmailField(label=_("The person's email address"))
    confirm_erasure = forms.BooleanField(
        label=_("I have checked who is asking: delete everything held for this address"),
        required=False,
    )


def personal_data_requests(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = PersonalDataRequestForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        action = request.POST.get("action")
        if action == "export":
            data = export_personal_data(email, user=request.user)
            response = HttpResponse(
                json.dumps(data, indent=2, ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
            filename = f"personal-data-{slugify(email)}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["Cache-Control"] = "no-store"
            return response
        if action == "erase":
            if not form.cleaned_data["confirm_erasure"]:
                form.add_error("confirm_erasure", _("Tick this box to erase."))
            else:
                counts, pages = erase_personal_data(email, user=request.user)
                context.update(erased=counts, pages=pages, done=True)
        else:
            context.update(counts=personal_data_counts(email), looked_up=True)
    return TemplateResponse(request, "privacy/admin/personal_data_requests.html", context)
