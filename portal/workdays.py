"""Working days in England: no weekends, no England and Wales bank holidays.

Bank holidays come from the maintained ``holidays`` package, so they stay
right as years pass (and special days such as coronations are included).
"""

import datetime
from functools import cache

import holidays
from django.utils import timezone


@cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def as_local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def add_working_days(start: datetime.date | datetime.datetime, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (start itself never counts).

    Something received on a Friday with a 2-working-day target is due on the
    Tuesday; received on a bank holiday Monday, due on the Wednesday.
    """
    day = as_local_date(start)
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(
    start: datetime.date | datetime.datetime, end: datetime.date | datetime.datetime
) -> int:
    """How many working days fall after ``start`` up to and including ``end`` (0 if end <= start)."""
    first, last = as_local_date(start), as_local_date(end)
    count = 0
    day = first
    while day < last:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
