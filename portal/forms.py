"""Forms for the back office: the user admin and the member CSV import."""

from django import forms
from django.contrib.auth.forms import UserChangeForm
from django.core import signing

from portal import imports
from portal.form_limits import LengthLimits
from portal.models import User

IMPORT_SIGNING_SALT = "portal.member-import"
# A preview can be confirmed for this long; after that, upload the file again.
IMPORT_PREVIEW_MAX_AGE = 60 * 60


class PortalUserCreationForm(LengthLimits, forms.ModelForm):
    """A new login without a password: its owner chooses one from a reset link."""

    class Meta:
        model = User
        fields = ("email", "full_name")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("A user with this email address already exists.")
        return email


class PortalUserChangeForm(LengthLimits, UserChangeForm):
    roles_you_cannot_change = forms.CharField(
        required=False,
        disabled=True,
        help_text="Roles that only an administrator can give or take away. Saving keeps them.",
    )
    # Set by the admin for each request: the roles the person editing may grant.
    grantable_group_ids: set = set()

    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "roles_you_cannot_change" in self.fields:
            names = [
                group.name
                for group in self.instance.groups.order_by("name")
                if group.pk not in self.grantable_group_ids
            ]
            self.fields["roles_you_cannot_change"].initial = ", ".join(names) or "None"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("A user with this email address already exists.")
        return email


class MemberImportUploadForm(LengthLimits, forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A CSV file saved as UTF-8, at most 2 MB, with the header shown in the example file.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.csv_text = imports.csv_text_from_upload(upload)
            self.preview = imports.import_preview(self.csv_text)
        except imports.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload

    def signed_payload(self) -> str:
        return sign_import(self.csv_text, self.cleaned_data["file"].name)


class MemberImportConfirmForm(LengthLimits, forms.Form):
    """Carries the previewed file, signed so that what is confirmed is what was previewed."""

    payload = forms.CharField(max_length=5_000_000, widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            data = signing.loads(
                self.cleaned_data["payload"],
                salt=IMPORT_SIGNING_SALT,
                max_age=IMPORT_PREVIEW_MAX_AGE,
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "The preview is more than an hour old. Upload the file again."
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "The preview could not be checked, so nothing was imported. Upload the file again."
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("csv"), str):
            raise forms.ValidationError("The preview could not be checked. Upload the file again.")
        return data


def sign_import(csv_text: str, filename: str) -> str:
    return signing.dumps({"csv": csv_text, "filename": filename}, salt=IMPORT_SIGNING_SALT, compress=True)
