"""Case presentations: a registered participant submits a de-identified case; the
series' coordinator or a facilitator accepts it, returns it for changes or
schedules it into a session; after the session the hub sends written
recommendations, which the presenter receives by e-mail and on the dashboard.

Every text field is checked for likely identifiers before anything is saved; a
refusal names the field and quotes the offending text. Hub actions check
``echo.permissions.can_manage_series``."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import AgeBand, CaseStatus, RegistrationStatus, SessionStatus
from ..deidentify import find_identifiers
from ..models import CasePresentation, EchoSeries, EchoSession, HubMember, Registration
from ..permissions import MANAGING_ROLES, can_manage_series
from .notifications import learner_zone, queue_on_commit, session_times

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("caregiving_context", "presenting_concerns", "tried_so_far", "question")
EDITABLE_FIELDS = ("age_band", *TEXT_FIELDS)
WITHDRAWABLE = (
    CaseStatus.SUBMITTED,
    CaseStatus.RETURNED,
    CaseStatus.ACCEPTED,
    CaseStatus.SCHEDULED,
)
RECOMMENDATIONS_MAX_LENGTH = 6000


def _label(field: str) -> str:
    return str(CasePresentation._meta.get_field(field).verbose_name).capitalize()


def identifier_errors(data: dict) -> dict[str, list[str]]:
    """For each text field, what looks like an identifier, in words that name the
    field and quote the text."""
    errors = {}
    for field in TEXT_FIELDS:
        findings = find_identifiers(data.get(field) or "")
        if findings:
            errors[field] = [
                _("%(field)s: %(finding)s")
                % {"field": _label(field), "finding": finding.message}
                for finding in findings
            ]
    return errors


def _clean_data(data: dict) -> dict:
    cleaned = {field: (data.get(field) or "").strip() for field in TEXT_FIELDS}
    cleaned["age_band"] = data.get("age_band") or ""
    missing = {
        field: [_("%(field)s: this is needed.") % {"field": _label(field)}]
        for field in EDITABLE_FIELDS
        if not cleaned[field]
    }
    if cleaned["age_band"] and cleaned["age_band"] not in AgeBand.values:
        missing["age_band"] = [_("Choose one of the age bands.")]
    if missing:
        raise ValidationError(missing)
    errors = identifier_errors(cleaned)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _preferred_session(series: EchoSeries, session) -> EchoSession | None:
    if session is None:
        return None
    if (
        session.series_id != series.pk
        or session.status != SessionStatus.SCHEDULED
        or session.starts_at <= timezone.now()
    ):
        raise ValidationError(
            {"session": _("Choose one of the series' sessions still to come.")}
        )
    return session


def _require_registered(series: EchoSeries, presenter) -> None:
    if not (
        presenter.is_authenticated
        and Registration.objects.filter(
            series=series, learner=presenter, status=RegistrationStatus.REGISTERED
        ).exists()
    ):
        raise ValidationError(
            _("Only registered participants of this series can submit a case.")
        )


def _require_manager(case: CasePresentation, by) -> None:
    if not can_manage_series(by, case.series):
        raise PermissionDenied(
            _("Only this series' facilitators and coordinators can do that.")
        )


def _locked(case: CasePresentation) -> CasePresentation:
    return (
        CasePresentation.objects.select_for_update(of=("self",))
        .select_related("series", "session")
        .get(pk=case.pk)
    )


def _refuse_status(case: CasePresentation, allowed) -> None:
    if case.status not in allowed:
        raise ValidationError(
            _("This case is %(status)s, so that cannot be done now.")
            % {"status": case.get_status_display().lower()}
        )


# --- The presenter ------------------------------------------------------------------


@transaction.atomic
def case_submit(
    series: EchoSeries, presenter, *, data: dict, notify: bool = True
) -> CasePresentation:
    """Submit a case to the series' hub. ``data`` holds the age band, the four
    texts and optionally ``session``, the session the presenter would like.
    ``notify=False`` (demo content) e-mails nobody."""
    if not series.live:
        raise ValidationError(_("This series is not taking case presentations."))
    _require_registered(series, presenter)
    cleaned = _clean_data(data)
    case = CasePresentation(
        series=series,
        presenter=presenter,
        session=_preferred_session(series, data.get("session")),
        status=CaseStatus.SUBMITTED,
        **cleaned,
    )
    case.full_clean()
    case.save()
    if notify:
        _notify(case, "submitted")
    return case


@transaction.atomic
def case_update(case: CasePresentation, presenter, *, data: dict) -> CasePresentation:
    """The presenter's corrections to a returned case, which goes back to the hub."""
    case = _locked(case)
    if case.presenter_id != presenter.pk:
        raise PermissionDenied(_("Only the presenter can change this case."))
    _refuse_status(case, (CaseStatus.RETURNED,))
    cleaned = _clean_data(data)
    for field, value in cleaned.items():
        setattr(case, field, value)
    if "session" in data:
        case.session = _preferred_session(case.series, data.get("session"))
    case.status = CaseStatus.SUBMITTED
    case.full_clean()
    case.save()
    _notify(case, "submitted")
    return case


@transaction.atomic
def case_withdraw(case: CasePresentation, presenter) -> CasePresentation:
    case = _locked(case)
    if case.presenter_id != presenter.pk:
        raise PermissionDenied(_("Only the presenter can withdraw this case."))
    _refuse_status(case, WITHDRAWABLE)
    case.status = CaseStatus.WITHDRAWN
    case.save(update_fields=["status", "updated_at"])
    return case


# --- The hub ------------------------------------------------------------------------


def _reviewed(case: CasePresentation, by) -> None:
    case.reviewed_by = by
    case.reviewed_at = timezone.now()


@transaction.atomic
def case_accept(case: CasePresentation, *, by) -> CasePresentation:
    case = _locked(case)
    _require_manager(case, by)
    _refuse_status(case, (CaseStatus.SUBMITTED,))
    case.status = CaseStatus.ACCEPTED
    case.review_note = ""
    _reviewed(case, by)
    case.save()
    return case


@transaction.atomic
def case_return(case: CasePresentation, *, by, note: str) -> CasePresentation:
    """Send the case back to the presenter with a note of what to change."""
    case = _locked(case)
    _require_manager(case, by)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Say what the presenter should change before they resubmit.")}
        )
    _refuse_status(
        case, (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.SCHEDULED)
    )
    case.status = CaseStatus.RETURNED
    case.review_note = note
    _reviewed(case, by)
    case.full_clean()
    case.save()
    _notify(case, "returned")
    return case


@transaction.atomic
def case_schedule(
    case: CasePresentation, session: EchoSession, *, by, notify: bool = True
) -> CasePresentation:
    """Put the case on a session's agenda (or move it to another session), and tell
    the presenter unless ``notify=False``."""
    case = _locked(case)
    _require_manager(case, by)
    _refuse_status(
        case, (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.SCHEDULED)
    )
    if session.series_id != case.series_id:
        raise ValidationError({"session": _("Choose a session of this series.")})
    if session.status != SessionStatus.SCHEDULED:
        raise ValidationError({"session": _("That session is cancelled.")})
    if session.ends_at <= timezone.now():
        raise ValidationError({"session": _("That session has already taken place.")})
    case.session = session
    case.status = CaseStatus.SCHEDULED
    if case.reviewed_at is None:
        _reviewed(case, by)
    case.save()
    if notify:
        _notify(case, "scheduled")
    return case


@transaction.atomic
def case_recommendations_send(
    case: CasePresentation, *, by, recommendations: str
) -> CasePresentation:
    """After the session, the hub's written recommendations go to the presenter.
    Sending again replaces them (a correction) and e-mails the new text."""
    case = _locked(case)
    _require_manager(case, by)
    _refuse_status(case, (CaseStatus.SCHEDULED, CaseStatus.COMPLETED))
    text = (recommendations or "").strip()
    if not text:
        raise ValidationError(
            {"recommendations": _("Write the recommendations before sending them.")}
        )
    if len(text) > RECOMMENDATIONS_MAX_LENGTH:
        raise ValidationError(
            {
                "recommendations": _(
                    "Keep the recommendations under %(count)s characters."
                )
                % {"count": RECOMMENDATIONS_MAX_LENGTH}
            }
        )
    if case.session is None or case.session.starts_at > timezone.now():
        raise ValidationError(
            _("Recommendations are sent once the case has been presented.")
        )
    case.recommendations = text
    case.recommendations_by = by
    case.recommendations_sent_at = timezone.now()
    case.status = CaseStatus.COMPLETED
    case.save()
    _notify(case, "recommendations")
    return case


# --- E-mail -------------------------------------------------------------------------

SUBJECTS = {
    "submitted": "[Cradle] Case presentation to review: {series}",
    "returned": "[Cradle] Please update your case presentation: {series}",
    "scheduled": "[Cradle] Your case presentation is scheduled: {series}",
    "recommendations": "[Cradle] Recommendations on your case: {series}",
}


def _recipients(case: CasePresentation, kind: str) -> list[str]:
    if kind == "submitted":
        return list(
            HubMember.objects.filter(series_id=case.series_id, role__in=MANAGING_ROLES)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    return [case.presenter.email] if case.presenter.email else []


def _admin_case_path(case: CasePresentation) -> str:
    """The case in the administration area (its list when that page is not
    installed)."""
    try:
        return reverse("echo_admin:case", args=[case.pk])
    except NoReverseMatch:
        return reverse("wagtailadmin_home")


def case_email_send(*, case_id: int, kind: str) -> int:
    """Send one e-mail about a case (the presenter's, or the hub's for a new or
    resubmitted case). The text never repeats the case itself: it links to it."""
    case = (
        CasePresentation.objects.select_related(
            "series", "session", "presenter__profile"
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        return 0
    recipients = _recipients(case, kind)
    if not recipients:
        return 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "case": case,
        "series": case.series,
        "presenter": case.presenter,
        "case_url": base + reverse("echo:case_detail", args=[case.pk]),
        "admin_url": base + _admin_case_path(case),
    }
    if case.session is not None:
        times = session_times(case.session, case.series, learner_zone(case.presenter))
        context.update(
            when=times["local"],
            series_when=times["series"],
            same_zone=times["same_zone"],
        )
    return send_mail(
        subject=SUBJECTS[kind].format(series=case.series.title[:100]),
        message=render_to_string(f"echo/email/case_{kind}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


def _notify(case: CasePresentation, kind: str) -> None:
    """E-mail about the case from a worker once this commits. The change stands and
    shows on the case page whatever happens to the e-mail."""
    queue_on_commit("case_notify", case.pk, kind)
