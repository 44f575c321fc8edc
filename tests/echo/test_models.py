import datetime

import pytest

from django.core.exceptions import ValidationError

from echo.choices import CreditRule, HoursCountAs
from echo.models import EchoSession
from echo.permissions import can_manage_series, managed_series
from tests.factories import UserFactory
from tests.factories import echo as echo_factories

pytestmark = pytest.mark.usefixtures("site_tree")


def test_series_factory_lays_sessions_at_the_same_wall_clock_time():
    series = echo_factories.series(
        sessions=4,
        first=datetime.datetime(
            2026, 10, 20, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
        ),
        interval_days=7,
    )
    starts = [s.starts_at for s in EchoSession.objects.filter(series=series)]
    # 1 November 2026 ends daylight saving in Chicago: noon is 17:00 UTC before it and
    # 18:00 UTC after it.
    assert [s.hour for s in starts] == [17, 17, 18, 18]


def test_series_needs_an_end_and_coherent_credit_terms():
    series = echo_factories.series(sessions=1)
    series.until_date = series.first_date
    with pytest.raises(ValidationError) as caught:
        series.clean()
    assert "session_count" in caught.value.message_dict
    series.until_date = None
    series.credit_rule = CreditRule.MINIMUM_MINUTES
    series.credit_minimum_minutes = None
    series.hours_count_as = HoursCountAs.GROUP_RSC
    with pytest.raises(ValidationError) as caught:
        series.clean()
    assert set(caught.value.message_dict) == {
        "credit_minimum_minutes",
        "rsc_provider_category",
    }


def test_only_the_series_own_facilitators_manage_it():
    mine = echo_factories.facilitator()
    other = echo_factories.facilitator()
    series_a = echo_factories.series(title="Series A", facilitators=[mine], sessions=1)
    series_b = echo_factories.series(title="Series B", facilitators=[other], sessions=1)
    learner = UserFactory()
    assert can_manage_series(mine, series_a)
    assert not can_manage_series(mine, series_b)
    assert not can_manage_series(learner, series_a)
    assert list(managed_series(mine)) == [series_a]
    assert list(managed_series(learner)) == []
    administrator = UserFactory(role="Administrator")
    assert can_manage_series(administrator, series_b)
