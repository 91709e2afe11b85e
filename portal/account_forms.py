"""allauth's forms with the portal's wording and input hints.

Only labels and widget attributes change; allauth keeps all the behaviour
(validation, rate limits, signals). Wired up through ACCOUNT_FORMS and
MFA_FORMS in settings.
"""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms

from portal.form_limits import LengthLimits, limit_fields

# Long enough for any password manager's passphrase; short enough that hashing it is cheap.
PASSWORD_MAX_LENGTH = 1_000
CODE_MAX_LENGTH = 100


class PlainWording(LengthLimits):
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


for _form, _names in (
    (ChangePasswordForm, ("oldpassword", "password1", "password2")),
    (SetPasswordForm, ("password1", "password2")),
    (ResetPasswordKeyForm, ("password1", "password2")),
    (ReauthenticateForm, ("password",)),
):
    limit_fields(_form, **dict.fromkeys(_names, PASSWORD_MAX_LENGTH))
for _form in (AuthenticateForm, MFAReauthenticateForm):
    limit_fields(_form, code=CODE_MAX_LENGTH)
