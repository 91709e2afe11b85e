"""allauth's forms with the portal's wording and input hints.

Only labels and widget attributes change; allauth keeps all the behaviour
(validation, rate limits, signals). Wired up through ACCOUNT_FORMS and
MFA_FORMS in settings.
"""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms


class PlainWording:
    """Relabel fields and set autocomplete hints after allauth builds the form."""

    labels: dict[str, str] = {}
    autocomplete: dict[str, str] = {}
    extra_attrs: dict[str, dict[str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            self.fields[name].label = label
            self.fields[name].widget.attrs.pop("placeholder", None)
        for name, value in self.autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        for name, attrs in self.extra_attrs.items():
            self.fields[name].widget.attrs.update(attrs)


class NewPasswordWording(PlainWording):
    labels = {"password1": "New password", "password2": "New password again"}
    autocomplete = {"password1": "new-password", "password2": "new-password"}


class ChangePasswordForm(NewPasswordWording, account_forms.ChangePasswordForm):
    labels = {"oldpassword": "Current password", **NewPasswordWording.labels}
    autocomplete = {"oldpassword": "current-password", **NewPasswordWording.autocomplete}


class SetPasswordForm(NewPasswordWording, account_forms.SetPasswordForm):
    pass


class ResetPasswordKeyForm(NewPasswordWording, account_forms.ResetPasswordKeyForm):
    pass


class ResetPasswordForm(PlainWording, account_forms.ResetPasswordForm):
    labels = {"email": "Email address"}
    autocomplete = {"email": "email"}


class ReauthenticateForm(PlainWording, account_forms.ReauthenticateForm):
    labels = {"password": "Password"}
    autocomplete = {"password": "current-password"}


class CodeWording(PlainWording):
    # Recovery codes contain letters, so no numeric-only keyboard.
    labels = {"code": "Code from your app, or a recovery code"}
    autocomplete = {"code": "one-time-code"}
    extra_attrs = {"code": {"autocapitalize": "off", "spellcheck": "false"}}


class AuthenticateForm(CodeWording, mfa_forms.AuthenticateForm):
    pass


class MFAReauthenticateForm(CodeWording, mfa_forms.ReauthenticateForm):
    pass
