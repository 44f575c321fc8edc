# ruff: noqa: E501 - the matrix is a table, one row per line
"""Who may reach what: one row per address and method, with the answer each of the
six roles must get, in this order:

    anon  learner  other  fac_a  fac_b  admin

(see authz_world.py: "learner" owns every learner-side object, "other" is another
learner, fac_a runs ECHO series A, fac_b runs series B, admin is an Administrator.)

Answers:
    200 403 404 405   that status code
    login             302 to the sign-in page (/accounts/login/?next=…)
    →/path/           302 to exactly that path (query and fragment aside); the path
                      may name a place of the world in braces: →{course}
    →/path/*          302 to a path that starts so

Object addresses use the learner's object (or series A's), so "other" (and fac_b for
ECHO) must get 404/403. A POST row may name the state it protects: every role not
listed in ``changes`` must leave it as it was, and every role listed must change it.
Cradle's own addresses each have a row; third-party ones fall under a RULE that
states the answer for all its addresses and checks a sample of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from django.urls import reverse

from .authz_coverage import Pattern
from .authz_world import World


def targets(w: World) -> dict[str, str]:
    """Paths of the world's places, for addresses and redirect answers."""
    return {
        "catalogue": w.catalogue.url,
        "course": w.course.url,
        "course_pk": str(w.course.pk),
        "lesson": w.lesson.url,
        "echo": w.echo_index.url,
        "series_a": w.series_a.url,
        "series_b": w.series_b.url,
        "session_a": str(w.future_a.uid),
        "past_a_pk": str(w.past_a.pk),
        "series_a_pk": str(w.series_a.pk),
        "echo_pk": str(w.echo_index.pk),
        "learner_pk": str(w.learner.pk),
        "enrolment_pk": str(w.enrolment.pk),
        "certificate_pk": str(w.certificate.pk),
        "batch_pk": str(w.batch.pk),
        "check": w.check_block,
        "reflection": w.reflection_block,
        "training": str(w.training.pk),
    }


@dataclass(frozen=True)
class Entry:
    key: str
    method: str
    expect: str
    args: tuple[str, ...] = ()
    path: str = ""
    data: dict | None = None
    state: Callable[[World], object] | None = None
    changes: tuple[str, ...] = ()
    # The answer may rightly show the owner's private details to anon/other (a
    # verification page shows whom a certificate was issued to).
    public: bool = False

    def url(self, w: World) -> str:
        if self.path:
            return self.path.format(**targets(w))
        return reverse(self.key, args=[attrgetter(a)(w) for a in self.args])

    def answers(self) -> tuple[str, ...]:
        tokens = tuple(self.expect.split())
        if len(tokens) != 6:
            raise ValueError(f"{self.key}: six answers needed, got {self.expect!r}")
        return tokens


def get(key, expect, *args, **kwargs) -> Entry:
    return Entry(key, "get", expect, tuple(args), **kwargs)


def post(key, expect, *args, **kwargs) -> Entry:
    return Entry(key, "post", expect, tuple(args), **kwargs)


@dataclass(frozen=True)
class Rule:
    """One answer for a whole family of third-party addresses, and a sample of them
    that is requested. A sample row may differ from the rule where that address
    differs (it says so in its own answers)."""

    label: str
    match: Callable[[Pattern], bool]
    samples: tuple[Entry, ...] = field(default=())

    def covers(self, pattern: Pattern) -> bool:
        return self.match(pattern)


def _status(w, model, pk):
    return model.objects.filter(pk=pk).values_list("status", flat=True).first()


def training_status(w):
    from lms.models import OutsideTraining

    return _status(w, OutsideTraining, w.training.pk)


def rsc_status(w):
    from lms.models import RscLogEntry

    return _status(w, RscLogEntry, w.rsc.pk)


def endorsement_state(w):
    from lms.models import Endorsement

    return (
        Endorsement.objects.filter(pk=w.endorsement.pk)
        .values_list("status", "registry_consent")
        .first()
    )


def case_status(w):
    from echo.models import CasePresentation

    return _status(w, CasePresentation, w.case.pk)


def learner_token(w):
    from echo.models import CalendarFeedToken

    return list(
        CalendarFeedToken.objects.filter(
            learner=w.learner, revoked_at__isnull=True
        ).values_list("token", flat=True)
    )


def registration_status(w):
    from echo.models import Registration

    return list(
        Registration.objects.filter(series=w.series_a, learner=w.learner).values_list(
            "status", flat=True
        )
    )


def notes(w):
    from courses.models import ReflectionNote

    return list(ReflectionNote.objects.values_list("learner_id", "text"))


def check_answers(w):
    from courses.models import KnowledgeCheckResponse

    return KnowledgeCheckResponse.objects.count()


def certificate_status(w):
    from certificates.models import Certificate

    return (
        Certificate.objects.filter(pk=w.certificate.pk)
        .values_list("status", "revoked_at")
        .first()
    )


def credit_status(w):
    from lms.models import CreditEntry

    return _status(w, CreditEntry, w.credit.pk)


def future_session_status(w):
    from echo.models import EchoSession

    return _status(w, EchoSession, w.future_a.pk)


def import_status(w):
    from echo.models import AttendanceImport

    return _status(w, AttendanceImport, w.import_a.pk)


def deletion_target_exists(w):
    from lms.models import User

    return User.objects.filter(pk=w.users["other"].pk).exists()


def batch_status(w):
    from certificates.models import CertificateBatch

    return _status(w, CertificateBatch, w.batch.pk)


def enrolment_status(w):
    from courses.models import Enrolment

    return _status(w, Enrolment, w.enrolment.pk)


# fmt: off
ENTRIES: list[Entry] = [
    # --- Accounts and dashboard (lms) -------------------------------- anon learner other fac_a fac_b admin
    get("profile", "login 200 200 200 200 200"),
    get("account_deletion_request", "login 200 200 200 200 200"),
    post("account_deletion_request_withdraw", "login →/accounts/delete/ →/accounts/delete/ →/accounts/delete/ →/accounts/delete/ →/accounts/delete/"),
    get("dashboard", "login 200 200 200 200 200"),
    get("registry", "200 200 200 200 200 200"),
    get("competencies", "200 200 200 200 200 200"),
    # --- Hours: the learner's own ledger, submissions and endorsements ---------
    get("hours", "login 200 200 200 200 200"),
    get("transcript", "login 200 200 200 200 200"),
    get("portfolio", "login 200 200 200 200 200"),
    get("outside_training_list", "login 200 200 200 200 200"),
    get("outside_training_create", "login 200 200 200 200 200"),
    get("outside_training_detail", "login 200 404 404 404 404", "training.pk"),
    get("outside_training_update", "login 200 404 404 404 404", "training.pk"),
    post("outside_training_submit", "login →/hours/training/{training}/ 404 404 404 404", "training.pk", state=training_status, changes=("learner",)),
    get("outside_training_withdraw", "login 200 404 404 404 404", "training.pk"),
    post("outside_training_withdraw", "login →/hours/training/ 404 404 404 404", "training.pk", state=training_status, changes=("learner",)),
    get("outside_training_evidence", "login 200 404 404 404 404", "training.pk"),
    # The wrong method is refused before anything is looked up.
    get("outside_training_submit", "login 405 405 405 405 405", "training.pk"),
    post("outside_training_detail", "login 405 405 405 405 405", "training.pk", state=training_status),
    get("rsc_log", "login 200 200 200 200 200"),
    get("rsc_log_create", "login 200 200 200 200 200"),
    get("rsc_log_update", "login 200 404 404 404 404", "rsc.pk"),
    post("rsc_log_update", "login 200 404 404 404 404", "rsc.pk", state=rsc_status),
    get("rsc_log_withdraw", "login 200 404 404 404 404", "rsc.pk"),
    post("rsc_log_withdraw", "login →/hours/rsc/ 404 404 404 404", "rsc.pk", state=rsc_status, changes=("learner",)),
    get("endorsements", "login 200 200 200 200 200"),
    get("endorsement_create", "login 200 200 200 200 200"),
    get("endorsement_consent", "login 405 405 405 405 405", "endorsement.pk"),
    post("endorsement_consent", "login →/hours/endorsements/ 404 404 404 404", "endorsement.pk", data={"consent": "0"}, state=endorsement_state, changes=("learner",)),
    get("endorsement_withdraw", "login 200 404 404 404 404", "endorsement.pk"),
    post("endorsement_withdraw", "login →/hours/endorsements/ 404 404 404 404", "endorsement.pk", state=endorsement_state, changes=("learner",)),
    # --- Certificates (public verification, the learner's own files) ----------
    get("certificates:list", "login 200 200 200 200 200"),
    get("certificates:verify_form", "200 200 200 200 200 200"),
    get("certificates:verify", "200 200 200 200 200 200", "certificate.code", public=True),
    get("certificates:issuer", "200 200 200 200 200 200"),
    get("certificates:status", "200 200 200 200 200 200", "certificate.uuid"),
    get("certificates:download", "login 200 404 404 404 200", "certificate.uuid"),
    get("certificates:badge", "login 200 404 404 404 200", "certificate.uuid"),
    # --- Reflection notes -------------------------------------------------------
    get("courses:reflection_notes", "login 200 200 200 200 200"),
    # --- The learner's ECHO: calendar feed and case presentations --------------
    get("echo:calendar", "login 200 200 200 200 200"),
    get("echo:calendar_reset", "login 405 405 405 405 405", state=learner_token),
    post("echo:calendar_reset", "login →/my-echo/calendar/ →/my-echo/calendar/ →/my-echo/calendar/ →/my-echo/calendar/ →/my-echo/calendar/", state=learner_token, changes=("learner",)),
    # A capability address: whoever holds the secret token reads the feed.
    get("echo:calendar_feed", "200 200 200 200 200 200", "calendar_token", public=True),
    get("echo:case_list", "login 200 200 200 200 200"),
    get("echo:case_detail", "login 200 404 200 404 200", "case.pk"),
    get("echo:case_edit", "login 200 404 404 404 404", "case.pk"),
    post("echo:case_edit", "login 200 404 404 404 404", "case.pk", state=case_status),
    get("echo:case_withdraw", "login 200 404 404 404 404", "case.pk"),
    post("echo:case_withdraw", "login →/my-echo/cases/ 404 404 404 404", "case.pk", state=case_status, changes=("learner",)),
    # --- Wagtail pages of ours, and their sub-routes ----------------------------
    get("wagtail_serve", "200 200 200 200 200 200", path="/"),
    get("wagtail_serve_file", "200 200 200 200 200 200", path="{series_a}calendar.ics/"),
    get("page:courses.CourseIndexPage:index_route", "200 200 200 200 200 200", path="{catalogue}"),
    get("page:courses.CoursePage:index_route", "200 200 200 200 200 200", path="{course}"),
    post("page:courses.CoursePage:enrol", "login →{course} →{course} →{course} →{course} →{course}", path="{course}enrol/"),
    post("page:courses.CoursePage:certificate", "login →{course} →{course} →{course} →{course} →{course}", path="{course}certificate/"),
    get("page:courses.CoursePage:quiz", "login →{course} →{course} →{course} →{course} →{course}", path="{course}quiz/"),
    get("page:courses.CoursePage:quiz_result", "login 200 404 404 404 404", path="{course}quiz/results/1/"),
    get("page:courses.LessonPage:lesson", "login 200 →{course} 200 200 200", path="{lesson}"),
    # LessonPage's own "" route shadows Wagtail's default index route.
    get("page:courses.LessonPage:index_route", "login 200 →{course} 200 200 200", path="{lesson}"),
    post("page:courses.LessonPage:complete", "login →{course} →{lesson}* →{lesson}* →{lesson}* →{lesson}*", path="{lesson}complete/"),
    post("page:courses.LessonPage:check", "login →{lesson} →{lesson} →{lesson} →{lesson} →{lesson}", path="{lesson}check/{check}/", state=check_answers),
    post("page:courses.LessonPage:reflection", "login →{lesson} →{lesson} →{lesson} →{lesson} →{lesson}", path="{lesson}reflection/{reflection}/", data={"text": "Changed."}, state=notes, changes=("learner",)),
    get("page:echo.EchoIndexPage:index_route", "200 200 200 200 200 200", path="{echo}"),
    get("page:echo.EchoSeries:index_route", "200 200 200 200 200 200", path="{series_a}"),
    post("page:echo.EchoSeries:register", "login →{series_a}* →{series_a}* →{series_a}* →{series_a}* →{series_a}*", path="{series_a}register/"),
    post("page:echo.EchoSeries:withdraw", "login →{series_a}* →{series_a}* →{series_a}* →{series_a}* →{series_a}*", path="{series_a}withdraw/", state=registration_status, changes=("learner",)),
    get("page:echo.EchoSeries:calendar", "200 200 200 200 200 200", path="{series_a}calendar.ics/"),
    get("page:echo.EchoSeries:session", "200 200 200 200 200 200", path="{series_a}sessions/{session_a}/"),
    get("page:echo.EchoSeries:session_invite", "200 200 200 200 200 200", path="{series_a}sessions/{session_a}/invite.ics/"),
    get("page:echo.EchoSeries:case_new", "login 200 →{series_a}* →{series_a}* →{series_a}* →{series_a}*", path="{series_a}cases/new/"),
    # --- ECHO admin: the series' own hub team and administrators ----------------
    get("echo_admin:index", "login 403 403 200 200 200"),
    get("echo_admin:reports", "login 403 403 403 403 200"),
    get("echo_admin:reports_csv", "login 403 403 403 403 200"),
    get("echo_admin:series", "login 403 403 200 403 200", "series_a.pk"),
    get("echo_admin:session_add", "login 403 403 200 403 200", "series_a.pk"),
    get("echo_admin:cases", "login 403 403 200 403 200", "series_a.pk"),
    get("echo_admin:report", "login 403 403 200 403 200", "series_a.pk"),
    get("echo_admin:report_csv", "login 403 403 200 403 200", "series_a.pk"),
    get("echo_admin:session_edit", "login 403 403 200 403 200", "future_a.pk"),
    get("echo_admin:session_reschedule", "login 403 403 200 403 200", "future_a.pk"),
    get("echo_admin:session_cancel", "login 403 403 200 403 200", "future_a.pk"),
    post("echo_admin:session_cancel", "login 403 403 200 403 200", "future_a.pk", state=future_session_status),
    get("echo_admin:roster", "login 403 403 200 403 200", "past_a.pk"),
    post("echo_admin:finalise", "login 403 403 →/admin/echo/sessions/{past_a_pk}/roster/ 403 →/admin/echo/sessions/{past_a_pk}/roster/", "past_a.pk"),
    get("echo_admin:import_upload", "login 403 403 200 403 200", "past_a.pk"),
    get("echo_admin:import", "login 403 403 200 403 200", "import_a.pk"),
    post("echo_admin:import_apply", "login 403 403 →/admin/echo/sessions/{past_a_pk}/roster/ 403 →/admin/echo/sessions/{past_a_pk}/roster/", "import_a.pk", state=import_status, changes=("fac_a", "admin")),
    post("echo_admin:import_discard", "login 403 403 →/admin/echo/sessions/{past_a_pk}/import/ 403 →/admin/echo/sessions/{past_a_pk}/import/", "import_a.pk", state=import_status, changes=("fac_a", "admin")),
    get("echo_admin:case", "login 403 403 200 403 200", "case.pk"),
    # --- Hours admin: administrators only ---------------------------------------
    get("deletion_requests:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("deletion_requests:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    post("deletion_requests:carry_out", "login 403 403 →/admin/ →/admin/ →/admin/deletion-requests/", "deletion_request.pk", state=deletion_target_exists, changes=("admin",)),
    get("deletion_requests:add", "login 403 403 →/admin/ →/admin/ →/admin/"),
    get("deletion_requests:edit", "login 403 403 →/admin/ →/admin/ →/admin/", "deletion_request.pk"),
    get("deletion_requests:delete", "login 403 403 →/admin/ →/admin/ →/admin/", "deletion_request.pk"),
    get("deletion_requests:history", "login 403 403 →/admin/ →/admin/ →/admin/", "deletion_request.pk"),
    get("deletion_requests:history_results", "login 403 403 →/admin/ →/admin/ →/admin/", "deletion_request.pk"),
    get("deletion_requests:usage", "login 403 403 →/admin/ →/admin/ →/admin/", "deletion_request.pk"),
    get("deletion_requests:inspect", "login 403 403 →/admin/ →/admin/ 200", "deletion_request.pk"),
    get("deletion_requests:copy", "login 403 403 →/admin/ →/admin/ →/admin/", "deletion_request.pk"),
    get("outside_training_review:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("outside_training_review:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("outside_training_review:review", "login 403 403 →/admin/ →/admin/ 200", "training.pk"),
    get("outside_training_review:evidence", "login 403 403 →/admin/ →/admin/ 200", "training.pk"),
    get("rsc_review:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("rsc_review:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("rsc_review:review", "login 403 403 →/admin/ →/admin/ 200", "rsc.pk"),
    get("lms_endorsements:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_endorsements:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_endorsements:inspect", "login 403 403 →/admin/ →/admin/ 200", "endorsement.pk"),
    post("lms_endorsements:confirm", "login 403 403 →/admin/ →/admin/ →/admin/hours/endorsements/", "endorsement.pk", state=endorsement_state, changes=("admin",)),
    post("lms_endorsements:lapse", "login 403 403 →/admin/ →/admin/ →/admin/hours/endorsements/", "endorsement.pk", state=endorsement_state, changes=("admin",)),
    get("lms_ledger:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_ledger:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_ledger:inspect", "login 403 403 →/admin/ →/admin/ 200", "credit.pk"),
    get("lms_ledger:revoke", "login 403 403 →/admin/ →/admin/ 200", "credit.pk"),
    post("lms_ledger:revoke", "login 403 403 →/admin/ →/admin/ →/admin/hours/ledger/", "credit.pk", data={"reason": "Entered twice."}, state=credit_status, changes=("admin",)),
    get("lms_domains:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_domains:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_domains:add", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_domains:edit", "login 403 403 →/admin/ →/admin/ 200", "domain.pk"),
    get("lms_domains:delete", "login 403 403 →/admin/ →/admin/ 200", "domain.pk"),
    get("lms_domains:history", "login 403 403 →/admin/ →/admin/ 200", "domain.pk"),
    get("lms_domains:history_results", "login 403 403 →/admin/ →/admin/ 200", "domain.pk"),
    get("lms_areas:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_areas:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_areas:add", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_areas:edit", "login 403 403 →/admin/ →/admin/ 200", "area.pk"),
    get("lms_areas:delete", "login 403 403 →/admin/ →/admin/ 200", "area.pk"),
    get("lms_areas:history", "login 403 403 →/admin/ →/admin/ 200", "area.pk"),
    get("lms_areas:history_results", "login 403 403 →/admin/ →/admin/ 200", "area.pk"),
    get("lms_categories:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_categories:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_categories:add", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_categories:edit", "login 403 403 →/admin/ →/admin/ 200", "category.pk"),
    get("lms_categories:history", "login 403 403 →/admin/ →/admin/ 200", "category.pk"),
    get("lms_categories:history_results", "login 403 403 →/admin/ →/admin/ 200", "category.pk"),
    get("lms_requirements:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_requirements:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_requirements:add", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_requirements:edit", "login 403 403 →/admin/ →/admin/ 200", "requirement.pk"),
    get("lms_requirements:copy", "login 403 403 →/admin/ →/admin/ 200", "requirement.pk"),
    get("lms_requirements:history", "login 403 403 →/admin/ →/admin/ 200", "requirement.pk"),
    get("lms_requirements:history_results", "login 403 403 →/admin/ →/admin/ 200", "requirement.pk"),
    get("lms_renewal_rules:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_renewal_rules:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_renewal_rules:add", "login 403 403 →/admin/ →/admin/ 200"),
    get("lms_renewal_rules:edit", "login 403 403 →/admin/ →/admin/ 200", "renewal_rule.pk"),
    get("lms_renewal_rules:copy", "login 403 403 →/admin/ →/admin/ 200", "renewal_rule.pk"),
    get("lms_renewal_rules:history", "login 403 403 →/admin/ →/admin/ 200", "renewal_rule.pk"),
    get("lms_renewal_rules:history_results", "login 403 403 →/admin/ →/admin/ 200", "renewal_rule.pk"),
    get("hours_reports:per_learner", "login 403 403 →/admin/ →/admin/ 200"),
    get("hours_reports:per_learner_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("hours_reports:pending", "login 403 403 →/admin/ →/admin/ 200"),
    get("hours_reports:pending_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("hours_reports:close_to_goal", "login 403 403 →/admin/ →/admin/ 200"),
    get("hours_reports:close_to_goal_results", "login 403 403 →/admin/ →/admin/ 200"),
    # --- Courses admin ------------------------------------------------------------
    get("course_enrolments:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("course_enrolments:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("course_enrolments:detail", "login 403 403 →/admin/ →/admin/ 200", "enrolment.pk"),
    post("course_enrolments:approve", "login 403 403 →/admin/ →/admin/ →/admin/courses/enrolments/{enrolment_pk}/", "enrolment.pk", state=enrolment_status),
    post("course_enrolments:decline", "login 403 403 →/admin/ →/admin/ →/admin/courses/enrolments/{enrolment_pk}/", "enrolment.pk", data={"reason": "Full."}, state=enrolment_status),
    get("course_reports:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("course_reports:report", "login 403 403 →/admin/ →/admin/ 200", "course.pk"),
    get("course_reports:items", "login 403 403 →/admin/ →/admin/ 200", "course.pk"),
    get("course_reports:export", "login 403 403 →/admin/ →/admin/ 200", path="/admin/courses/reports/{course_pk}/enrolments.csv"),
    # --- Certificates admin ---------------------------------------------------------
    get("certificates_admin:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificates_admin:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificates_admin:inspect", "login 403 403 →/admin/ →/admin/ 200", "certificate.pk"),
    get("certificates_admin:issue", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificates_admin:download", "login 403 403 →/admin/ →/admin/ 200", "certificate.pk"),
    get("certificates_admin:revoke", "login 403 403 →/admin/ →/admin/ 200", "certificate.pk"),
    post("certificates_admin:revoke", "login 403 403 →/admin/ →/admin/ →/admin/certificates/issued/inspect/{certificate_pk}/", "certificate.pk", data={"reason": "Issued in error."}, state=certificate_status, changes=("admin",)),
    post("certificates_admin:rerender", "login 403 403 →/admin/ →/admin/ →/admin/certificates/issued/inspect/{certificate_pk}/", "certificate.pk"),
    post("certificates_admin:email", "login 403 403 →/admin/ →/admin/ →/admin/certificates/issued/inspect/{certificate_pk}/", "certificate.pk"),
    get("certificate_batches:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificate_batches:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificate_batches:add", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificate_batches:detail", "login 403 403 →/admin/ →/admin/ 200", "batch.pk"),
    post("certificate_batches:confirm", "login 403 403 →/admin/ →/admin/ →/admin/certificates/bulk/{batch_pk}/", "batch.pk", state=batch_status, changes=("admin",)),
    post("certificate_batches:discard", "login 403 403 →/admin/ →/admin/ →/admin/certificates/bulk/", "batch.pk", state=batch_status, changes=("admin",)),
    get("certificate_batches:progress", "login 403 403 →/admin/ →/admin/ 200", "batch.pk"),
    # A batch not yet issued has no archive to download.
    get("certificate_batches:zip", "login 403 403 →/admin/ →/admin/ 404", "batch.pk"),
    post("certificate_batches:email", "login 403 403 →/admin/ →/admin/ →/admin/certificates/bulk/{batch_pk}/", "batch.pk"),
    get("certificate_templates:index", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificate_templates:index_results", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificate_templates:add", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificate_templates:edit", "login 403 403 →/admin/ →/admin/ 200", "template.pk"),
    get("certificate_templates:delete", "login 403 403 →/admin/ →/admin/ 200", "template.pk"),
    get("certificate_templates:copy", "login 403 403 →/admin/ →/admin/ 200", "template.pk"),
    get("certificate_templates:history", "login 403 403 →/admin/ →/admin/ 200", "template.pk"),
    get("certificate_templates:history_results", "login 403 403 →/admin/ →/admin/ 200", "template.pk"),
    get("certificate_templates:preview_on_add", "login 403 403 →/admin/ →/admin/ 200"),
    get("certificate_templates:preview_on_edit", "login 403 403 →/admin/ →/admin/ 200", "template.pk"),
]
# fmt: on


def _admin(pattern: Pattern) -> bool:
    return pattern.route.startswith("admin/")


STAFF = "login 403 403 200 200 200"
ADMINISTRATORS = "login 403 403 →/admin/ →/admin/ 200"
NOBODY = "login 403 403 →/admin/ →/admin/ →/admin/"
SIGNED_IN = "login 200 200 200 200 200"
SIGNED_OUT = "200 →/dashboard/ →/dashboard/ →/dashboard/ →/dashboard/ →/dashboard/"


def series_a_live(w):
    from echo.models import EchoSeries

    return EchoSeries.objects.filter(pk=w.series_a.pk).values_list("live", flat=True)[0]


# fmt: off
RULES: list[Rule] = [
    Rule(
        # Every /admin/ address that is Wagtail's (or Django's) own: a visitor is sent
        # to sign in, a learner is refused by AdminAccessMiddleware, and staff get
        # what their Wagtail permissions allow: facilitators have no page, user,
        # group, site or redirect permissions, so Wagtail sends them to /admin/.
        "Wagtail admin",
        _admin,
        (
            get("wagtailadmin_home", STAFF, path="/admin/"),
            get("wagtailadmin_account", STAFF, path="/admin/account/"),
            get("wagtailadmin_explore_root", ADMINISTRATORS, path="/admin/pages/"),
            get("wagtailadmin_pages:edit", ADMINISTRATORS, path="/admin/pages/{series_a_pk}/edit/"),
            post("wagtailadmin_pages:unpublish", "login 403 403 →/admin/ →/admin/ →/admin/pages/{echo_pk}/", path="/admin/pages/{series_a_pk}/unpublish/", state=series_a_live, changes=("admin",)),
            get("wagtailadmin_pages:delete", ADMINISTRATORS, path="/admin/pages/{series_a_pk}/delete/"),
            get("wagtailimages:index", STAFF, path="/admin/images/"),
            get("wagtaildocs:index", STAFF, path="/admin/documents/"),
            get("wagtailusers_users:index", ADMINISTRATORS, path="/admin/users/"),
            get("wagtailusers_users:edit", ADMINISTRATORS, path="/admin/users/edit/{learner_pk}/"),
            get("wagtailusers_groups:index", ADMINISTRATORS, path="/admin/groups/"),
            get("wagtailsites:index", NOBODY, path="/admin/sites/"),
            get("wagtailredirects:index", ADMINISTRATORS, path="/admin/redirects/"),
            get("wagtailadmin_workflows:index", NOBODY, path="/admin/workflows/list/"),
            get("wagtailadmin_reports:locked_pages", ADMINISTRATORS, path="/admin/reports/locked/"),
            # Lists log entries of our models too (an enrolment, a certificate).
            get("wagtailadmin_reports:site_history", STAFF, path="/admin/reports/site-history/"),
            get("wagtailadmin_api:pages:listing", STAFF, path="/admin/api/main/pages/"),
            get("wagtailadmin_javascript_catalog", STAFF, path="/admin/jsi18n/"),
            # Sign-in always goes through the site's own (MFA-aware) page.
            get("wagtailadmin_login", "login login login login login login", path="/admin/login/"),
            get("admin/^.*/$", "login 403 403 404 404 404", path="/admin/no-such-page/"),
        ),
    ),
    Rule(
        # Documents are served by id; there is no document here, so all get 404.
        "Wagtail documents",
        lambda p: p.route.startswith("documents/"),
        (get("wagtaildocs_serve", "404 404 404 404 404 404", path="/documents/999/missing.pdf"),),
    ),
    Rule(
        # The password form of a privacy-restricted page: open to everyone.
        "Wagtail private-page login",
        lambda p: p.route.startswith("_util/"),
        (get("wagtailcore_login", "200 200 200 200 200 200", path="/_util/login/"),),
    ),
    Rule(
        # Sign-in and sign-up pages are for visitors (the signed-in go to their
        # dashboard); account pages are for the signed-in (visitors sign in first).
        "allauth",
        lambda p: p.module.startswith("allauth."),
        (
            get("account_login", SIGNED_OUT, path="/accounts/login/"),
            get("account_signup", SIGNED_OUT, path="/accounts/signup/"),
            get("account_reset_password", "200 200 200 200 200 200", path="/accounts/password/reset/"),
            get("account_logout", "→/ 200 200 200 200 200", path="/accounts/logout/"),
            get("account_email", SIGNED_IN, path="/accounts/email/"),
            get("account_change_password", SIGNED_IN, path="/accounts/password/change/"),
            get("mfa_index", SIGNED_IN, path="/accounts/2fa/"),
            get("mfa_activate_totp", "login →/accounts/reauthenticate/ →/accounts/reauthenticate/ →/accounts/reauthenticate/ →/accounts/reauthenticate/ →/accounts/reauthenticate/", path="/accounts/2fa/totp/activate/"),
        ),
    ),
]
# fmt: on
