"""Clock hours: the unit every endorsement requirement is written in.

Certificates from elsewhere may state contact hours (50 minutes) or CEUs (1 CEU = 10
contact hours). Conversion is explicit and shown to the learner before they submit;
the ledger keeps clock hours in quarter-hour steps, rounded down so that nobody is ever
credited with time they did not spend."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from .choices import HoursUnit

QUARTER = Decimal("0.25")
ZERO = Decimal("0")
MINUTES_PER_UNIT = {
    HoursUnit.CLOCK: Decimal(60),
    HoursUnit.CONTACT: Decimal(50),
    HoursUnit.CEU: Decimal(500),
}


def quarter_hours_floor(hours: Decimal) -> Decimal:
    """Round down to a quarter hour: 2.49 -> 2.25, 8.3333 -> 8.25."""
    quarters = (Decimal(hours) / QUARTER).to_integral_value(rounding=ROUND_FLOOR)
    return (quarters * QUARTER).quantize(Decimal("0.01"))


def is_quarter_step(hours: Decimal) -> bool:
    return Decimal(hours) % QUARTER == 0


@dataclass(frozen=True)
class Conversion:
    amount: Decimal
    unit: str
    minutes: Decimal
    exact_hours: Decimal
    clock_hours: Decimal

    @property
    def is_rounded(self) -> bool:
        return self.exact_hours != self.clock_hours

    @property
    def explanation(self) -> str:
        amount = _format(self.amount)
        if self.unit == HoursUnit.CLOCK:
            text = _("%(amount)s clock hours") % {"amount": amount}
        elif self.unit == HoursUnit.CONTACT:
            text = _(
                "%(amount)s contact hours × 50 minutes = %(minutes)s minutes "
                "= %(exact)s clock hours"
            ) % {
                "amount": amount,
                "minutes": _format(self.minutes),
                "exact": _format(self.exact_hours.quantize(Decimal("0.01"))),
            }
        else:
            text = _(
                "%(amount)s CEUs × 10 contact hours × 50 minutes = %(minutes)s "
                "minutes = %(exact)s clock hours"
            ) % {
                "amount": amount,
                "minutes": _format(self.minutes),
                "exact": _format(self.exact_hours.quantize(Decimal("0.01"))),
            }
        if self.is_rounded:
            text += _(", recorded as %(clock)s (rounded down to the quarter hour)") % {
                "clock": _format(self.clock_hours)
            }
        return text


def convert_to_clock_hours(amount: Decimal, unit: str) -> Conversion:
    amount = Decimal(amount)
    minutes = amount * MINUTES_PER_UNIT[HoursUnit(unit)]
    exact = minutes / Decimal(60)
    return Conversion(
        amount=amount,
        unit=unit,
        minutes=minutes,
        exact_hours=exact,
        clock_hours=quarter_hours_floor(exact),
    )


def max_hours_for_days(start: datetime.date, end: datetime.date) -> Decimal:
    """Nobody trains more than 24 hours a day."""
    return Decimal(24 * ((end - start).days + 1))


def _format(value: Decimal) -> str:
    normalized = value.normalize()
    text = format(normalized, "f")
    return text


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day if it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")
