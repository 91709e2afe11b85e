"""The report filters, kept in the URL so a view can be shared and bookmarked."""

import datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from portal.models import Authority, Committee, Member
from portal.scope import Population, Scope

__all__ = ["PERIODS", "Population", "ReportFilterForm", "Scope", "period_dates", "scope_from_request"]

PERIODS = [
    ("last_12_months", "Last 12 months"),
    ("this_quarter", "This quarter"),
    ("last_quarter", "Last quarter"),
    ("municipal_year", "Municipal year (from May)"),
    ("custom", "Dates I choose"),
]


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_dates(period: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    if period == "this_quarter":
        return _quarter_start(today), today
    if period == "last_quarter":
        end = _quarter_start(today) - datetime.timedelta(days=1)
        return _quarter_start(end), end
    if period == "municipal_year":
        year = today.year if today.month >= 5 else today.year - 1
        return datetime.date(year, 5, 1), today
    return today - relativedelta(years=1) + datetime.timedelta(days=1), today


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(choices=PERIODS, required=False, initial="last_12_months")
    population = forms.ChoiceField(
        label="Members",
        choices=Population.CHOICES,
        required=False,
        initial=Population.PORTAL,
        help_text="Parish and town councillors mostly have no login, so they are counted on their own.",
    )
    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For your own dates.",
    )
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    authority = forms.ModelChoiceField(
        Authority.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="All councils",
        label="Council",
    )
    group = forms.ChoiceField(label="Political group", required=False)
    member_type = forms.ChoiceField(
        label="Member type", required=False, choices=[("", "All members"), *Member.MemberType.choices]
    )
    committee = forms.ModelChoiceField(
        Committee.objects.select_related("authority"),
        required=False,
        to_field_name="slug",
        empty_label="Any committee",
    )

    def __init__(self, data=None, *, cohorts=None, **kwargs):
        super().__init__(data, **kwargs)
        groups = (
            Member.objects.exclude(political_group="")
            .order_by("political_group")
            .values_list("political_group", flat=True)
            .distinct()
        )
        self.fields["group"].choices = [("", "All groups"), *((g, g) for g in groups)]
        if cohorts is not None:
            self.fields["cohort"] = forms.ModelChoiceField(
                cohorts,
                required=False,
                to_field_name="slug",
                empty_label="All cohorts",
                label="Induction cohort",
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == "custom":
            start, end = cleaned.get("start"), cleaned.get("end")
            if not start or not end:
                raise forms.ValidationError("Give both dates for your own period.")
            if start > end:
                raise forms.ValidationError("The start date must be on or before the end date.")
        return cleaned


def scope_from_request(request, *, cohorts=None) -> tuple[ReportFilterForm, Scope]:
    form = ReportFilterForm(request.GET or None, cohorts=cohorts)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    period = data.get("period") or "last_12_months"
    if period == "custom":
        start, end = data["start"], data["end"]
    else:
        start, end = period_dates(period, today)
    params = {
        key: request.GET.get(key, "")
        for key in (
            "period",
            "start",
            "end",
            "population",
            "authority",
            "group",
            "member_type",
            "committee",
            "cohort",
        )
    }
    scope = Scope(
        start=start,
        end=end,
        authority=data.get("authority"),
        group=data.get("group") or "",
        member_type=data.get("member_type") or "",
        committee=data.get("committee"),
        cohort=data.get("cohort"),
        population=data.get("population") or Population.PORTAL,
        params=params if data else {},
    )
    return form, scope
