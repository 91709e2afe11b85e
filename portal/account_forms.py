"""allauth's forms with the portal's wording and input hints.

Only labels and widget attributes change; allauth keeps all the behaviour
(validation, rate limits, signals). Wired up through ACCOUNT_FORMS and
MFA_FORMS in settings.
"""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms


def _relabel(form, labels: dict[str, str], autocomplete: dict[str, str] | None = None) -> None:
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)
    for name, value in (autocomplete or {}).items():
        if name in form.fields:
            form.fields[name].widget.attrs["autocomplete"] = value


_NEW_PASSWORD = {"password1": "New password", "password2": "New password again"}
_NEW_PASSWORD_HINTS = {"password1": "new-password", "password2": "new-password"}


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {"oldpassword": "Current password", **_NEW_PASSWORD},
            {"oldpassword": "current-password", **_NEW_PASSWORD_HINTS},
        )


class SetPasswordForm(account_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, _NEW_PASSWORD, _NEW_PASSWORD_HINTS)


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": "Email address"}, {"email": "email"})


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, _NEW_PASSWORD, _NEW_PASSWORD_HINTS)


class ReauthenticateForm(account_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password": "Password"}, {"password": "current-password"})


def _code_field(form) -> None:
    # Recovery codes contain letters, so no numeric-only keyboard.
    _relabel(form, {"code": "Code from your app, or a recovery code"}, {"code": "one-time-code"})
    form.fields["code"].widget.attrs.update({"autocapitalize": "off", "spellcheck": "false"})


class AuthenticateForm(mfa_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self)


class MFAReauthenticateForm(mfa_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self)
