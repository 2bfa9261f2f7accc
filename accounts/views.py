"""Sign-in steps around Wagtail's own login: the second factor, and a throttled reset."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from wagtail.admin.views.account import PasswordResetView

from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import throttling, two_factor
from accounts.forms import CodeForm, QueuedPasswordResetForm
from accounts.middleware import NO_SECOND_FACTOR_KEY

SHOW_RECOVERY_CODES_KEY = "accounts:show_recovery_codes"
ADMIN_LOGIN = "wagtailadmin_login"


def to_step(name, request):
    return f"{reverse(name)}?{urlencode({'next': safe_next(request)})}"


def safe_next(request, default="wagtailadmin_home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url=ADMIN_LOGIN)
def verify(request):
    """After the password: a code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(safe_next(request))
    if not two_factor.has_second_factor(user):
        return redirect(to_step("accounts_two_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(safe_next(request))
        form.add_error(
            "code",
            _(
                "That code is not right, or came too soon after a wrong one. Wait a few "
                "seconds and type the code your app shows now."
            ),
        )
    return TemplateResponse(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url=ADMIN_LOGIN)
def enrol(request):
    """Set up an authenticator app: scan the code, type what the app shows to confirm."""
    user = request.user
    if two_factor.has_second_factor(user) and not user.is_verified():
        return redirect(to_step("accounts_two_factor_verify", request))
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return TemplateResponse(
            request,
            "accounts/two_factor_enrolled.html",
            {"recovery_codes_left": len(two_factor.remaining_recovery_codes(user))},
        )
    device = two_factor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            request.session.pop(NO_SECOND_FACTOR_KEY, None)
            two_factor.new_recovery_codes(user)
            request.session[SHOW_RECOVERY_CODES_KEY] = True
            return redirect(to_step("accounts_recovery_codes", request))
        form.add_error("code", _("That code does not match. Type the code your app shows now."))
    return TemplateResponse(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "next": safe_next(request),
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_typing(device),
            "required": two_factor.is_required_for(user),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required(login_url=ADMIN_LOGIN)
def recovery_codes(request):
    """The recovery codes, shown once after they are made; new ones on request."""
    user = request.user
    if not user.is_verified():
        verify_url = reverse("accounts_two_factor_verify")
        return redirect(f"{verify_url}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        two_factor.new_recovery_codes(user)
        request.session[SHOW_RECOVERY_CODES_KEY] = True
        return redirect(reverse("accounts_recovery_codes"))
    show = request.session.pop(SHOW_RECOVERY_CODES_KEY, False)
    return TemplateResponse(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": two_factor.remaining_recovery_codes(user) if show else None,
            "next": safe_next(request),
        },
    )


class ThrottledPasswordResetView(PasswordResetView):
    """Wagtail's password reset, limited per address and per email typed.

    The answer is the same whether or not an account has that email: past the per-email
    limit nothing more is sent but the page says what it always says.
    """

    def get_form_class(self):
        return QueuedPasswordResetForm

    def form_valid(self, form):
        if throttling.password_reset_over_address_limit(self.request):
            form.add_error(
                None,
                _("Too many password reset requests from here. Please try again in an hour."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(throttling.PASSWORD_RESET_WINDOW_SECONDS)
            return response
        if throttling.password_reset_over_account_limit(form.cleaned_data["email"]):
            return redirect(self.get_success_url())
        return super().form_valid(form)
