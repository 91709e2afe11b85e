"""The report filters, kept in the URL so a view can be shared and bookmarked."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import Q
from django.utils import timezone

from portal.models import Authority, Committee, Member

PERIODS = [
    ("last_12_months", "Last 12 months"),
    ("this_quarter", "This quarter"),
    ("last_quarter", "Last quarter"),
    ("municipal_year", "This municipal year (from May)"),
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


@dataclass
class Scope:
    """The period and the members a report covers."""

    start: datetime.date
    end: datetime.date
    authority: Authority | None = None
    group: str = ""
    member_type: str = ""
    committee: Committee | None = None
    cohort: object | None = None
    params: dict | None = None

    @property
    def as_of(self) -> datetime.date:
        """The day whose membership rates are measured on: the period's end, or today if sooner."""
        return min(self.end, timezone.localdate())

    def member_filter(self, prefix: str = "") -> Q:
        """Q for the filtered members, as seen from a model that reaches Member through ``prefix``."""
        p = prefix
        q = Q()
        if self.authority is not None:
            q &= Q(**{f"{p}authority": self.authority})
        if self.group:
            q &= Q(**{f"{p}political_group": self.group})
        if self.member_type:
            q &= Q(**{f"{p}member_type": self.member_type})
        if self.committee is not None:
            # On the committee at some time in the period.
            q &= (
                Q(**{f"{p}committee_memberships__committee": self.committee})
                & Q(**{f"{p}committee_memberships__start_date__lte": self.end})
                & (
                    Q(**{f"{p}committee_memberships__end_date__isnull": True})
                    | Q(**{f"{p}committee_memberships__end_date__gte": self.start})
                )
            )
        if self.cohort is not None:
            q &= Q(**{f"{p}induction_assignments__pack": self.cohort})
        return q

    def members(self):
        """Filtered members, whether or not they were serving."""
        return Member.objects.filter(self.member_filter()).distinct()

    def serving(self):
        """Filtered members serving on ``as_of``: the base for every rate."""
        return Member.objects.current(on=self.as_of).filter(self.member_filter()).distinct()

    def serving_q(self, prefix: str = "") -> Q:
        p = prefix
        on = self.as_of
        return (
            Q(**{f"{p}status": Member.Status.ACTIVE, f"{p}term_start__lte": on})
            & (Q(**{f"{p}term_end__isnull": True}) | Q(**{f"{p}term_end__gte": on}))
            & self.member_filter(prefix)
        )

    def querystring(self, **extra) -> str:
        params = {k: v for k, v in (self.params or {}).items() if v}
        params.update({k: v for k, v in extra.items() if v})
        return urlencode(params)

    def describe(self) -> str:
        parts = [f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"]
        for value in (self.authority, self.group, self.committee, self.cohort):
            if value:
                parts.append(str(value))
        if self.member_type:
            parts.append(Member.MemberType(self.member_type).label + "s")
        return "; ".join(parts)


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
        for key in ("period", "start", "end", "authority", "group", "member_type", "committee", "cohort")
    }
    scope = Scope(
        start=start,
        end=end,
        authority=data.get("authority"),
        group=data.get("group") or "",
        member_type=data.get("member_type") or "",
        committee=data.get("committee"),
        cohort=data.get("cohort"),
        params=params if data else {},
    )
    return form, scope
