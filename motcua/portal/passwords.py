"""Passwords of local accounts: "forgot password" by an emailed link, and the change a user may be made to do.

The reset page answers the same whether or not an account uses the address (no way to learn who has an
account), is rate limited per client address and per email address, and the email goes through the
notifications outbox (delivered by the worker) so the answer does not wait for the mail server either.
"""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.template import loader
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core import conf as core_conf
from motcua.core import ratelimit
from motcua.notifications.services import notify

RESET_WINDOW_SECONDS = 3600
RESETS_PER_ADDRESS = 10
RESETS_PER_EMAIL = 3


class _ClearsForcedChange:
    """A new password chosen by its owner lifts the "must change password" mark."""

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit)


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = gettext_lazy("Email address of your account")
        field.widget.attrs.update({"autofocus": True})

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        notify(email=to_email, subject=subject, body=body)


class PasswordSetForm(_ClearsForcedChange, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(_ClearsForcedChange, auth_forms.PasswordChangeForm):
    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and self.user.check_password(password):
            raise ValidationError(_("Choose a password different from the current one."), code="password_unchanged")
        return password


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "portal/password_reset.html"
    form_class = PasswordResetRequestForm
    subject_template_name = "portal/email/password_reset_subject.txt"
    email_template_name = "portal/email/password_reset.txt"
    success_url = reverse_lazy("portal:password_reset_sent")

    @property
    def extra_email_context(self):
        # Links point where citizens reach us (as in every notification), never at the Host header of a request.
        return {"public_url": core_conf.public_url()}

    def post(self, request, *args, **kwargs):
        if not ratelimit.allowed_for(
            request,
            "password-reset",
            request.POST.get("email", "")[:254],
            per_address=RESETS_PER_ADDRESS,
            per_typed=RESETS_PER_EMAIL,
            window_seconds=RESET_WINDOW_SECONDS,
        ):
            messages.error(request, _("Too many password reset requests. Please try again in an hour."))
            return self.render_to_response(self.get_context_data(form=self.get_form()), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "portal/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"
    form_class = PasswordSetForm
    success_url = reverse_lazy("portal:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "portal/password_change.html"
    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response

    def get_success_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return reverse_lazy("portal:home")

    def get_context_data(self, **kwargs):
        next_url = self.request.POST.get("next") or self.request.GET.get("next", "")
        return super().get_context_data(**kwargs) | {"next": next_url, "forced": self.request.user.must_change_password}
