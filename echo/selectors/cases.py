"""Reads about case presentations. A case is seen only by its presenter and the
hub team of its series (administrators included); for anyone else it does not
exist."""

from django.db.models import Q, QuerySet

from ..choices import CaseStatus, SessionStatus
from ..models import CasePresentation, EchoSeries, EchoSession
from ..permissions import is_hub_member


def cases_for_presenter(learner) -> QuerySet[CasePresentation]:
    """The learner's own case presentations, newest first, with their series and
    session."""
    return (
        CasePresentation.objects.filter(presenter=learner)
        .select_related("series", "session")
        .order_by("-submitted_at", "-pk")
    )


def case_for_viewer(pk: int, user) -> CasePresentation | None:
    """The case if ``user`` may read it (its presenter, or a member of its
    series' hub team), else None."""
    if not user.is_authenticated:
        return None
    case = (
        CasePresentation.objects.select_related(
            "series", "session", "presenter", "reviewed_by", "recommendations_by"
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        return None
    if case.presenter_id == user.pk or is_hub_member(user, case.series):
        return case
    return None


def sessions_open_for_cases(series: EchoSeries, *, now) -> list[EchoSession]:
    """The series' sessions still to come that a case could be presented at."""
    return list(
        EchoSession.objects.filter(
            series=series, status=SessionStatus.SCHEDULED, starts_at__gt=now
        ).order_by("starts_at", "pk")
    )


def cases_for_dashboard(learner, *, limit: int = 5) -> list[CasePresentation]:
    """The learner's cases that have news for them: recommendations received and
    cases returned for changes, newest first."""
    return list(
        CasePresentation.objects.filter(presenter=learner)
        .filter(
            Q(status=CaseStatus.COMPLETED, recommendations_sent_at__isnull=False)
            | Q(status=CaseStatus.RETURNED)
        )
        .select_related("series")
        .order_by("-updated_at", "-pk")[:limit]
    )
