"""Every page of the platform, opened in Chromium as the person who uses it, has no
serious or critical axe-core violation: the public site, a learner's pages (on a
desktop and on a phone), the facilitator's admin and the administrator's admin.

The list of pages is checked against the URL resolver and the page models' routes:
every GET address of the project's apps (and allauth's account pages) is either swept
here or named in ``EXCLUDED`` with the reason it has no page of its own to check."""

import re
import time
from dataclasses import dataclass

import pytest

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.browser.conftest import DEMO_PASSWORD, animations_settled

pytestmark = pytest.mark.browser

PUBLIC, LEARNER, FACILITATOR, ADMINISTRATOR = (
    "public",
    "learner",
    "facilitator",
    "administrator",
)
EMAILS = {
    LEARNER: "learner@cradle.example",
    FACILITATOR: "facilitator@cradle.example",
    ADMINISTRATOR: "admin@cradle.example",
}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

# The apps whose addresses the sweep must account for, found by the module of each
# view, or by the admin URL namespaces that the apps' viewsets register.
APP_MODULES = ("lms.", "courses.", "echo.", "certificates.", "allauth.")
APP_ADMIN_PREFIXES = (
    "admin/echo/",
    "admin/hours/",
    "admin/reports/hours/",
    "admin/courses/",
    "admin/certificates/",
    "admin/deletion-requests/",
)
# allauth's social-account and headless addresses are not installed; its login-by-
# code confirmation is reachable only with ACCOUNT_LOGIN_BY_CODE_ENABLED, which is off.


# --- What is swept: key -> role and how to build the address -------------------------


def _route(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args)


SWEEP = {
    # Pages of the site tree (Wagtail serves them).
    "page:HomePage": (PUBLIC, lambda w: "/"),
    "page:StandardPage": (PUBLIC, lambda w: "/crisis-support/"),
    "page:CourseIndexPage": (PUBLIC, lambda w: w.catalogue.url),
    "page:CoursePage": (LEARNER, lambda w: w.course.url),
    "page:LessonPage": (LEARNER, lambda w: w.lesson.url),
    "CoursePage:quiz": (LEARNER, lambda w: _route(w.quiz_course, "quiz")),
    "CoursePage:quiz_result": (LEARNER, lambda w: _route(w.course, "quiz_result", 1)),
    "page:EchoIndexPage": (PUBLIC, lambda w: w.echo_index.url),
    "page:EchoSeries": (LEARNER, lambda w: w.series.url),
    "EchoSeries:session": (
        LEARNER,
        lambda w: _route(w.series, "session", w.past_session.uid),
    ),
    "EchoSeries:case_new": (LEARNER, lambda w: _route(w.series, "case_new")),
    "EchoSeries:withdraw": (LEARNER, lambda w: _route(w.series, "withdraw")),
    # allauth's account pages.
    "account_login": (PUBLIC, lambda w: reverse("account_login")),
    "account_signup": (PUBLIC, lambda w: reverse("account_signup")),
    "account_inactive": (PUBLIC, lambda w: reverse("account_inactive")),
    "account_reset_password": (PUBLIC, lambda w: reverse("account_reset_password")),
    "account_reset_password_done": (
        PUBLIC,
        lambda w: reverse("account_reset_password_done"),
    ),
    "account_reset_password_from_key": (PUBLIC, lambda w: w.reset_url),
    "account_reset_password_from_key_done": (
        PUBLIC,
        lambda w: reverse("account_reset_password_from_key_done"),
    ),
    "account_email_verification_sent": (
        PUBLIC,
        lambda w: reverse("account_email_verification_sent"),
    ),
    "account_confirm_email": (PUBLIC, lambda w: w.confirm_email_url),
    "mfa_authenticate": (PUBLIC, None),  # reached by signing in; see the test
    "account_logout": (LEARNER, lambda w: reverse("account_logout")),
    "account_reauthenticate": (LEARNER, lambda w: reverse("account_reauthenticate")),
    "account_email": (LEARNER, lambda w: reverse("account_email")),
    "account_change_password": (LEARNER, lambda w: reverse("account_change_password")),
    "mfa_index": (LEARNER, lambda w: reverse("mfa_index")),
    "mfa_activate_totp": (LEARNER, lambda w: reverse("mfa_activate_totp")),
    "mfa_reauthenticate": (ADMINISTRATOR, lambda w: reverse("mfa_reauthenticate")),
    "mfa_deactivate_totp": (ADMINISTRATOR, lambda w: reverse("mfa_deactivate_totp")),
    "mfa_view_recovery_codes": (
        ADMINISTRATOR,
        lambda w: reverse("mfa_view_recovery_codes"),
    ),
    "mfa_generate_recovery_codes": (
        ADMINISTRATOR,
        lambda w: reverse("mfa_generate_recovery_codes"),
    ),
    # The learner's own pages.
    "profile": (LEARNER, lambda w: reverse("profile")),
    "account_deletion_request": (
        LEARNER,
        lambda w: reverse("account_deletion_request"),
    ),
    "dashboard": (LEARNER, lambda w: reverse("dashboard")),
    "hours": (LEARNER, lambda w: reverse("hours")),
    "transcript": (LEARNER, lambda w: reverse("transcript")),
    "portfolio": (LEARNER, lambda w: reverse("portfolio")),
    "outside_training_list": (LEARNER, lambda w: reverse("outside_training_list")),
    "outside_training_create": (LEARNER, lambda w: reverse("outside_training_create")),
    "outside_training_detail": (
        LEARNER,
        lambda w: reverse("outside_training_detail", args=[w.training.pk]),
    ),
    "outside_training_update": (
        LEARNER,
        lambda w: reverse("outside_training_update", args=[w.training.pk]),
    ),
    "outside_training_withdraw": (
        LEARNER,
        lambda w: reverse("outside_training_withdraw", args=[w.pending_training.pk]),
    ),
    "rsc_log": (LEARNER, lambda w: reverse("rsc_log")),
    "rsc_log_create": (LEARNER, lambda w: reverse("rsc_log_create")),
    "rsc_log_update": (LEARNER, lambda w: reverse("rsc_log_update", args=[w.rsc.pk])),
    "rsc_log_withdraw": (
        LEARNER,
        lambda w: reverse("rsc_log_withdraw", args=[w.pending_rsc.pk]),
    ),
    "endorsements": (LEARNER, lambda w: reverse("endorsements")),
    "endorsement_create": (LEARNER, lambda w: reverse("endorsement_create")),
    "endorsement_withdraw": (
        LEARNER,
        lambda w: reverse("endorsement_withdraw", args=[w.endorsement.pk]),
    ),
    "registry": (PUBLIC, lambda w: reverse("registry")),
    "competencies": (PUBLIC, lambda w: reverse("competencies")),
    "certificates:list": (LEARNER, lambda w: reverse("certificates:list")),
    "certificates:verify_form": (PUBLIC, lambda w: reverse("certificates:verify_form")),
    "certificates:verify": (
        PUBLIC,
        lambda w: reverse("certificates:verify", args=[w.certificate.code]),
    ),
    "courses:reflection_notes": (
        LEARNER,
        lambda w: reverse("courses:reflection_notes"),
    ),
    "echo:calendar": (LEARNER, lambda w: reverse("echo:calendar")),
    "echo:case_list": (LEARNER, lambda w: reverse("echo:case_list")),
    "echo:case_detail": (
        LEARNER,
        lambda w: reverse("echo:case_detail", args=[w.case.pk]),
    ),
    "echo:case_edit": (
        LEARNER,
        lambda w: reverse("echo:case_edit", args=[w.returned_case.pk]),
    ),
    "echo:case_withdraw": (
        LEARNER,
        lambda w: reverse("echo:case_withdraw", args=[w.case.pk]),
    ),
    # The facilitator's admin: the dashboard and the ECHO pages.
    "wagtailadmin_home": (FACILITATOR, lambda w: reverse("wagtailadmin_home")),
    "echo_admin:index": (FACILITATOR, lambda w: reverse("echo_admin:index")),
    "echo_admin:series": (
        FACILITATOR,
        lambda w: reverse("echo_admin:series", args=[w.series.pk]),
    ),
    "echo_admin:session_add": (
        FACILITATOR,
        lambda w: reverse("echo_admin:session_add", args=[w.series.pk]),
    ),
    "echo_admin:cases": (
        FACILITATOR,
        lambda w: reverse("echo_admin:cases", args=[w.series.pk]),
    ),
    "echo_admin:report": (
        FACILITATOR,
        lambda w: reverse("echo_admin:report", args=[w.series.pk]),
    ),
    "echo_admin:session_edit": (
        FACILITATOR,
        lambda w: reverse("echo_admin:session_edit", args=[w.next_session.pk]),
    ),
    "echo_admin:session_reschedule": (
        FACILITATOR,
        lambda w: reverse("echo_admin:session_reschedule", args=[w.next_session.pk]),
    ),
    "echo_admin:session_cancel": (
        FACILITATOR,
        lambda w: reverse("echo_admin:session_cancel", args=[w.next_session.pk]),
    ),
    "echo_admin:roster": (
        FACILITATOR,
        lambda w: reverse("echo_admin:roster", args=[w.past_session.pk]),
    ),
    "echo_admin:import_upload": (
        FACILITATOR,
        lambda w: reverse("echo_admin:import_upload", args=[w.past_session.pk]),
    ),
    "echo_admin:import": (
        FACILITATOR,
        lambda w: reverse("echo_admin:import", args=[w.attendance_import.pk]),
    ),
    "echo_admin:case": (
        FACILITATOR,
        lambda w: reverse("echo_admin:case", args=[w.case.pk]),
    ),
    # The administrator's admin: reviews, reports, courses, certificates, settings.
    "echo_admin:reports": (ADMINISTRATOR, lambda w: reverse("echo_admin:reports")),
    "outside_training_review:index": (
        ADMINISTRATOR,
        lambda w: reverse("outside_training_review:index"),
    ),
    "outside_training_review:review": (
        ADMINISTRATOR,
        lambda w: reverse(
            "outside_training_review:review", args=[w.pending_training.pk]
        ),
    ),
    "rsc_review:index": (ADMINISTRATOR, lambda w: reverse("rsc_review:index")),
    "rsc_review:review": (
        ADMINISTRATOR,
        lambda w: reverse("rsc_review:review", args=[w.pending_rsc.pk]),
    ),
    "lms_endorsements:index": (
        ADMINISTRATOR,
        lambda w: reverse("lms_endorsements:index"),
    ),
    "lms_endorsements:inspect": (
        ADMINISTRATOR,
        lambda w: reverse("lms_endorsements:inspect", args=[w.endorsement.pk]),
    ),
    "lms_endorsements:confirm": (
        ADMINISTRATOR,
        lambda w: reverse("lms_endorsements:confirm", args=[w.endorsement.pk]),
    ),
    "lms_endorsements:lapse": (
        ADMINISTRATOR,
        lambda w: reverse("lms_endorsements:lapse", args=[w.endorsement.pk]),
    ),
    "lms_ledger:index": (ADMINISTRATOR, lambda w: reverse("lms_ledger:index")),
    "lms_ledger:inspect": (
        ADMINISTRATOR,
        lambda w: reverse("lms_ledger:inspect", args=[w.credit.pk]),
    ),
    "lms_ledger:revoke": (
        ADMINISTRATOR,
        lambda w: reverse("lms_ledger:revoke", args=[w.credit.pk]),
    ),
    "hours_reports:per_learner": (
        ADMINISTRATOR,
        lambda w: reverse("hours_reports:per_learner"),
    ),
    "hours_reports:pending": (
        ADMINISTRATOR,
        lambda w: reverse("hours_reports:pending"),
    ),
    "hours_reports:close_to_goal": (
        ADMINISTRATOR,
        lambda w: reverse("hours_reports:close_to_goal"),
    ),
    "course_enrolments:index": (
        ADMINISTRATOR,
        lambda w: reverse("course_enrolments:index"),
    ),
    "course_enrolments:detail": (
        ADMINISTRATOR,
        lambda w: reverse("course_enrolments:detail", args=[w.pending_enrolment.pk]),
    ),
    "course_enrolments:approve": (
        ADMINISTRATOR,
        lambda w: reverse("course_enrolments:approve", args=[w.pending_enrolment.pk]),
    ),
    "course_enrolments:decline": (
        ADMINISTRATOR,
        lambda w: reverse("course_enrolments:decline", args=[w.pending_enrolment.pk]),
    ),
    "course_reports:index": (ADMINISTRATOR, lambda w: reverse("course_reports:index")),
    "course_reports:report": (
        ADMINISTRATOR,
        lambda w: reverse("course_reports:report", args=[w.course.pk]),
    ),
    "course_reports:items": (
        ADMINISTRATOR,
        lambda w: reverse("course_reports:items", args=[w.course.pk]),
    ),
    "certificates_admin:index": (
        ADMINISTRATOR,
        lambda w: reverse("certificates_admin:index"),
    ),
    "certificates_admin:inspect": (
        ADMINISTRATOR,
        lambda w: reverse("certificates_admin:inspect", args=[w.certificate.pk]),
    ),
    "certificates_admin:issue": (
        ADMINISTRATOR,
        lambda w: reverse("certificates_admin:issue"),
    ),
    "certificates_admin:revoke": (
        ADMINISTRATOR,
        lambda w: reverse("certificates_admin:revoke", args=[w.certificate.pk]),
    ),
    "certificate_batches:index": (
        ADMINISTRATOR,
        lambda w: reverse("certificate_batches:index"),
    ),
    "certificate_batches:add": (
        ADMINISTRATOR,
        lambda w: reverse("certificate_batches:add"),
    ),
    "certificate_batches:detail": (
        ADMINISTRATOR,
        lambda w: reverse("certificate_batches:detail", args=[w.batch.pk]),
    ),
    "certificate_templates:index": (
        ADMINISTRATOR,
        lambda w: reverse("certificate_templates:index"),
    ),
    "certificate_templates:add": (
        ADMINISTRATOR,
        lambda w: reverse("certificate_templates:add"),
    ),
    "certificate_templates:edit": (
        ADMINISTRATOR,
        lambda w: reverse("certificate_templates:edit", args=[w.template.pk]),
    ),
    "certificate_templates:copy": (
        ADMINISTRATOR,
        lambda w: reverse("certificate_templates:copy", args=[w.template.pk]),
    ),
    "certificate_templates:delete": (
        ADMINISTRATOR,
        lambda w: reverse("certificate_templates:delete", args=[w.template.pk]),
    ),
    "certificate_templates:history": (
        ADMINISTRATOR,
        lambda w: reverse("certificate_templates:history", args=[w.template.pk]),
    ),
    "deletion_requests:index": (
        ADMINISTRATOR,
        lambda w: reverse("deletion_requests:index"),
    ),
    "deletion_requests:inspect": (
        ADMINISTRATOR,
        lambda w: reverse("deletion_requests:inspect", args=[w.deletion_request.pk]),
    ),
    "deletion_requests:carry_out": (
        ADMINISTRATOR,
        lambda w: reverse("deletion_requests:carry_out", args=[w.deletion_request.pk]),
    ),
}

# The settings-like taxonomies share one shape of pages (list, new, edit, history,
# delete or copy); each is swept on all of them.
for _namespace, _model_attr, _extra in (
    ("lms_domains", "domain", "delete"),
    ("lms_areas", "area", "delete"),
    ("lms_categories", "category", None),
    ("lms_requirements", "requirement", "copy"),
    ("lms_renewal_rules", "renewal_rule", "copy"),
):
    SWEEP[f"{_namespace}:index"] = (
        ADMINISTRATOR,
        lambda w, n=_namespace: reverse(f"{n}:index"),
    )
    SWEEP[f"{_namespace}:add"] = (
        ADMINISTRATOR,
        lambda w, n=_namespace: reverse(f"{n}:add"),
    )
    for _view in ("edit", "history", _extra):
        if _view:
            SWEEP[f"{_namespace}:{_view}"] = (
                ADMINISTRATOR,
                lambda w, n=_namespace, v=_view, a=_model_attr: reverse(
                    f"{n}:{v}", args=[getattr(w, a).pk]
                ),
            )

# More states of swept pages, where the page looks different enough to check again.
# The learner pages also checked on a phone: one of each layout (the menu collapses,
# tables scroll, forms stack), rather than all of them twice.
PHONE_PAGES = {
    "page:CoursePage",
    "page:LessonPage",
    "CoursePage:quiz",
    "page:EchoSeries",
    "dashboard",
    "hours",
    "transcript",
    "outside_training_create",
    "rsc_log",
    "certificates:list",
    "echo:calendar",
    "echo:case_list",
    "profile",
}

VARIANTS = [
    (PUBLIC, "/no-such-page/", 404),
    (PUBLIC, "/about/", 200),
    (PUBLIC, "/resources/", 200),
    (PUBLIC, "/registry/?search=nobody-matches-this", 200),
    (PUBLIC, "/certificates/verify/?code=not-a-code", 200),
    (PUBLIC, "/certificates/verify/ZZZZZ-ZZZZZ/", 404),
    (PUBLIC, "/courses/?topic=trauma", 200),
    (PUBLIC, "/courses/?q=nothing-matches-this", 200),
    (PUBLIC, "/courses/pyramid-model/", 200),
    (PUBLIC, "/echo/infant-mental-health-echo/", 200),
    (LEARNER, "/admin/", 403),  # the refusal a learner sees
    (LEARNER, "/courses/trauma-informed-care-and-aces/", 200),
    (
        LEARNER,
        "/courses/trauma-informed-care-and-aces/signs-of-emotional-concern/",
        200,
    ),
]

REASONS = {
    "post": "POST only: an action whose result is a redirect to a swept page",
    "download": "a download (CSV, PDF, ICS, ZIP, JSON or text), not a page; "
    "PDFs are checked by tests/test_pdf_tagged.py",
    "results": "the listing's results fragment, fetched by the filters; it is part "
    "of the swept listing page",
    "redirect": "only redirects to a swept page",
    "off": "turned off in the settings: the address answers 404",
    "preview": "the preview panel of the swept edit form, fed by the form's own "
    "POST; it shows the certificate sheet whose PDF test_pdf_tagged.py checks",
}
EXCLUDED = {
    "account_deletion_request_withdraw": "post",
    "outside_training_submit": "post",
    "outside_training_evidence": "download",
    "endorsement_consent": "post",
    "account_set_password": "redirect",  # every account has a password
    "account_confirm_login_code": "off",
    "mfa_download_recovery_codes": "download",
    "certificates:issuer": "download",
    "certificates:status": "download",
    "certificates:download": "download",
    "certificates:badge": "download",
    "echo:calendar_reset": "post",
    "echo:calendar_feed": "download",
    "EchoSeries:register": "post",
    "EchoSeries:calendar": "download",
    "EchoSeries:session_invite": "download",
    "CoursePage:enrol": "post",
    "CoursePage:certificate": "post",
    "LessonPage:complete": "post",
    "LessonPage:check": "post",
    "LessonPage:reflection": "post",
    "echo_admin:reports_csv": "download",
    "echo_admin:report_csv": "download",
    "echo_admin:finalise": "post",
    "echo_admin:import_apply": "post",
    "echo_admin:import_discard": "post",
    "outside_training_review:evidence": "download",
    "course_reports:export": "download",
    "certificates_admin:download": "download",
    "certificates_admin:rerender": "post",
    "certificates_admin:email": "post",
    "certificate_batches:confirm": "post",
    "certificate_batches:discard": "post",
    "certificate_batches:progress": "download",
    "certificate_batches:zip": "download",
    "certificate_batches:email": "post",
    "certificate_templates:preview_on_add": "preview",
    "certificate_templates:preview_on_edit": "preview",
    # A deletion request is made by the learner (swept) and carried out (swept); the
    # generic model pages refuse everyone and send them back to the dashboard.
    "deletion_requests:add": "redirect",
    "deletion_requests:edit": "redirect",
    "deletion_requests:copy": "redirect",
    "deletion_requests:delete": "redirect",
    "deletion_requests:history": "redirect",
    "deletion_requests:usage": "redirect",
}


# --- The addresses the project has ----------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def project_get_addresses() -> set[str]:
    """Every URL name of the project's apps and allauth's account pages, plus every
    page type and named route of the project's Wagtail pages."""
    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import get_page_models

    keys = set()
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "") or ""
        ours = module.startswith(APP_MODULES) or route.startswith(APP_ADMIN_PREFIXES)
        if not ours or not pattern.name:
            continue
        key = f"{namespace}:{pattern.name}" if namespace else pattern.name
        keys.add(key)
    for model in get_page_models():
        if not model.__module__.startswith(APP_MODULES):
            continue
        keys.add(f"page:{model.__name__}")
        if issubclass(model, RoutablePageMixin):
            for sub in model.get_subpage_urls():
                if str(sub.pattern) == "":  # the page itself
                    continue
                keys.add(f"{model.__name__}:{sub.name}")
    return keys


def _excluded(key: str) -> str | None:
    if key in EXCLUDED:
        return EXCLUDED[key]
    if key.endswith("results"):
        return "results"
    return None


def test_the_sweep_accounts_for_every_get_address():
    addresses = project_get_addresses()
    missing = sorted(k for k in addresses if k not in SWEEP and not _excluded(k))
    assert missing == [], "add these to SWEEP, or to EXCLUDED with a reason"
    # The Wagtail dashboard is Wagtail's address, with the apps' panels on it.
    stale = sorted(
        k
        for k in {*SWEEP, *EXCLUDED}
        if k not in addresses and k != "wagtailadmin_home"
    )
    assert stale == [], "these addresses no longer exist"
    assert not set(SWEEP) & set(EXCLUDED)
    assert all(reason in REASONS for reason in EXCLUDED.values())


# --- The seeded world -----------------------------------------------------------------


@dataclass
class World:
    catalogue: object
    course: object
    quiz_course: object
    lesson: object
    echo_index: object
    series: object
    past_session: object
    next_session: object
    case: object
    returned_case: object
    attendance_import: object
    training: object
    pending_training: object
    rsc: object
    pending_rsc: object
    endorsement: object
    credit: object
    certificate: object
    batch: object
    template: object
    deletion_request: object
    pending_enrolment: object
    domain: object
    area: object
    category: object
    requirement: object
    renewal_rule: object
    reset_url: str
    confirm_email_url: str


def build_world() -> World:
    """The demo site as ``seed_demo`` builds it, with the few records the demo does
    not have: a submission waiting for review, a returned one, a pending enrolment, a
    Zoom report to review, a bulk issue, a deletion request, an e-mail to confirm and a
    password-reset link."""
    import datetime
    import zoneinfo

    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from django.core.files.uploadedfile import SimpleUploadedFile

    from certificates.models import Certificate, CertificateTemplate
    from certificates.services import certificate_batch_create
    from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage
    from courses.selectors import lessons_for
    from courses.services import enrolment_create, lesson_complete
    from echo.choices import AgeBand, CaseStatus
    from echo.models import CasePresentation, EchoIndexPage, EchoSeries
    from echo.services.attendance import attendance_import_create
    from lms.choices import DeletionRequestStatus, EndorsementStatus, SubmissionStatus
    from lms.models import (
        AccountDeletionRequest,
        CategoryRequirement,
        CompetencyArea,
        CompetencyDomain,
        CreditEntry,
        EndorsementCategory,
        OutsideTraining,
        RenewalRule,
        User,
    )
    from tests.factories import UserFactory
    from tests.factories.hours import (
        EndorsementFactory,
        OutsideTrainingFactory,
        RscLogEntryFactory,
    )

    learner = User.objects.get(email=EMAILS[LEARNER])
    admin = User.objects.get(email=EMAILS[ADMINISTRATOR])
    for role in (FACILITATOR, ADMINISTRATOR):
        staff = User.objects.get(email=EMAILS[role])
        TOTP.activate(staff, generate_totp_secret())
    RecoveryCodes.activate(admin)

    series = EchoSeries.objects.live().get(slug="infant-mental-health-echo")
    now = timezone.now()
    past_session = series.sessions.filter(starts_at__lt=now).order_by("starts_at")[0]
    next_session = series.sessions.filter(starts_at__gt=now).order_by("starts_at")[0]
    zone = zoneinfo.ZoneInfo(series.time_zone)
    start = timezone.localtime(past_session.starts_at, zone)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    leave = (start + datetime.timedelta(minutes=60)).strftime(fmt)
    report = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        f"Lena Learner,{learner.email},{start.strftime(fmt)},{leave},60\n"
        f"Phone user,,{start.strftime(fmt)},{leave},60\n"
    )
    attendance_import = attendance_import_create(
        past_session,
        SimpleUploadedFile("report.csv", report.encode()),
        filename="report.csv",
        by=User.objects.get(email=EMAILS[FACILITATOR]),
    )

    pending_training = (
        OutsideTraining.objects.filter(learner=learner, status=SubmissionStatus.PENDING)
        .order_by("pk")
        .first()
    ) or OutsideTrainingFactory(learner=learner, status=SubmissionStatus.PENDING)
    training = OutsideTrainingFactory(
        learner=learner, status=SubmissionStatus.CHANGES_REQUESTED
    )
    pending_rsc = RscLogEntryFactory(learner=learner, status=SubmissionStatus.PENDING)
    rsc = RscLogEntryFactory(learner=learner, status=SubmissionStatus.CHANGES_REQUESTED)

    newcomer = UserFactory(email="newcomer@example.org", first_name="Noor")
    pending_enrolment = Enrolment.objects.filter(status="pending").first()
    if pending_enrolment is None:
        CoursePage.objects.filter(slug="pyramid-model").update(requires_approval=True)
        approval = CoursePage.objects.get(slug="pyramid-model")
        pending_enrolment = enrolment_create(learner=newcomer, course=approval)
    address, _ = EmailAddress.objects.update_or_create(
        user=newcomer, email=newcomer.email, defaults={"verified": False}
    )
    confirm_key = EmailConfirmationHMAC(address).key
    reset_key = default_token_generator.make_token(newcomer)
    deletion_request = AccountDeletionRequest.objects.create(
        user=newcomer,
        email=newcomer.email,
        reason="Leaving the field.",
        status=DeletionRequestStatus.PENDING,
    )

    template = CertificateTemplate.objects.order_by("pk").first()
    batch = certificate_batch_create(
        template=template,
        title="Winter cohort",
        hours=3,
        issued_on=timezone.localdate(),
        learners=[learner],
        recipient_source="filter",
        report=[],
        created_by=admin,
    )
    course = CoursePage.objects.live().get(slug="attachment-and-early-relationships")
    # The quiz page needs a course whose lessons are done and whose quiz is not.
    quiz_course = CoursePage.objects.live().get(slug="trauma-informed-care-and-aces")
    for lesson in lessons_for(course=quiz_course):
        lesson_complete(learner=learner, lesson=lesson)
    case = CasePresentation.objects.filter(presenter=learner).order_by("pk")[0]
    returned_case = CasePresentation.objects.create(
        series=series,
        presenter=learner,
        status=CaseStatus.RETURNED,
        age_band=AgeBand.TODDLER,
        caregiving_context="Lives with a grandparent.",
        presenting_concerns="Sleep.",
        tried_so_far="Routines.",
        question="What next?",
    )
    return World(
        catalogue=CourseIndexPage.objects.live().get(),
        course=course,
        lesson=LessonPage.objects.live().descendant_of(course).order_by("path")[0],
        echo_index=EchoIndexPage.objects.live().get(),
        series=series,
        past_session=past_session,
        next_session=next_session,
        quiz_course=quiz_course,
        case=case,
        returned_case=returned_case,
        attendance_import=attendance_import,
        training=training,
        pending_training=pending_training,
        rsc=rsc,
        pending_rsc=pending_rsc,
        endorsement=EndorsementFactory(
            learner=learner, status=EndorsementStatus.RECORDED
        ),
        credit=CreditEntry.objects.filter(learner=learner).order_by("pk")[0],
        certificate=Certificate.objects.filter(learner=learner).order_by("pk")[0],
        batch=batch,
        template=template,
        deletion_request=deletion_request,
        pending_enrolment=pending_enrolment,
        domain=CompetencyDomain.objects.order_by("pk")[0],
        area=CompetencyArea.objects.order_by("pk")[0],
        category=EndorsementCategory.objects.order_by("pk")[0],
        requirement=CategoryRequirement.objects.order_by("pk")[0],
        renewal_rule=RenewalRule.objects.order_by("pk")[0],
        reset_url=reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(newcomer), "key": reset_key},
        ),
        confirm_email_url=reverse("account_confirm_email", args=[confirm_key]),
    )


def storage_state(live_server, email: str) -> dict:
    """A signed-in browser state for the account, without going through the form."""
    from lms.models import User

    client = Client()
    from allauth.account.internal.flows import login as allauth_login
    from allauth.account.internal.userkit import user_id_to_str

    user = User.objects.get(email=email)
    client.force_login(user)
    # As if the password had just been typed: the security pages (authenticator,
    # recovery codes) ask for it again otherwise.
    session = client.session
    session[allauth_login.AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session[allauth_login._AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(
        user
    )
    session.save()
    return {
        "cookies": [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ],
        "origins": [],
    }


# The axe rules that can report a serious or critical violation: a violation's impact
# is the highest impact among its failing checks (or the rule's own, where it sets
# one), so rules whose checks are all minor or moderate (region, the landmark rules,
# heading-order, ...) cannot change the result and are left out to save time.
SERIOUS_RULES = """() => {
  const checks = axe._audit.data.checks;
  const grave = (impact) => impact === "serious" || impact === "critical";
  // As a plain axe.run: rules off by default and experimental ones stay off.
  const byDefault = (rule) => rule.enabled !== false
    && !(rule.tags || []).includes("experimental");
  return axe._audit.rules
    .filter(byDefault)
    .filter((rule) => grave(rule.impact) || [...rule.any, ...rule.all, ...rule.none]
      .some((check) => grave((checks[check.id || check] || {}).impact)))
    .map((rule) => rule.id);
}"""


def serious_violations(page) -> list[str]:
    """``axe_serious_violations`` (tests/browser/conftest.py), running only the rules
    that can report a serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    animations_settled(page)
    axe = Axe()
    page.evaluate(axe.axe_script)
    rules = page.evaluate(SERIOUS_RULES)
    assert len(rules) > 50, rules  # axe's internals moved: check the filter
    options = {
        "runOnly": {"type": "rule", "values": rules},
        "resultTypes": ["violations"],
    }
    results = page.evaluate("(options) => axe.run(document, options)", options)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


# Pages that move to their own address on arrival (allauth keeps the reset key in
# the session and drops it from the address).
SETTLES_AT = {
    "account_reset_password_from_key": r"/password/reset/key/\w+-set-password/$",
}


def _check(page, url: str, status: int, problems: dict, label: str, key: str) -> None:
    response = page.goto(url)
    if response is None or response.status != status:
        problems[label] = [f"answered {response and response.status}, not {status}"]
        return
    if key in SETTLES_AT:
        if not re.search(SETTLES_AT[key], page.url):
            problems[label] = [f"went to {page.url}"]
            return
    elif page.url.split("#")[0] != url:
        problems[label] = [f"redirected to {page.url}"]
        return
    if page.locator("h1").count() != 1:
        problems[label] = ["the page does not have exactly one h1"]
    if found := serious_violations(page):
        problems.setdefault(label, []).extend(found)


def test_every_page_passes_axe(browser, live_server, seeded):
    assert not PHONE_PAGES - set(SWEEP), PHONE_PAGES - set(SWEEP)
    world = build_world()
    pages = {role: [] for role in (PUBLIC, LEARNER, FACILITATOR, ADMINISTRATOR)}
    for key, (role, address) in SWEEP.items():
        if address is not None:
            pages[role].append((key, address(world), 200))
    for role, path, status in VARIANTS:
        pages[role].append((path, path, status))

    problems = {}
    for role, viewports in (
        (PUBLIC, [DESKTOP]),
        (LEARNER, [DESKTOP, PHONE]),
        (FACILITATOR, [DESKTOP]),
        (ADMINISTRATOR, [DESKTOP]),
    ):
        state = None if role == PUBLIC else storage_state(live_server, EMAILS[role])
        for viewport in viewports:
            phone = viewport is PHONE
            context = browser.new_context(
                viewport=viewport,
                storage_state=state,
                is_mobile=phone,
                has_touch=phone,
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            try:
                for key, path, status in pages[role]:
                    if phone and key not in PHONE_PAGES:
                        continue
                    label = f"{role}{' (phone)' if phone else ''} {key} {path}"
                    _check(page, live_server.url + path, status, problems, label, key)
            finally:
                context.close()

    # The authenticator-code page, as staff see it on the way in.
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("account_login"))
        page.get_by_label("Email").fill(EMAILS[ADMINISTRATOR])
        page.get_by_label(re.compile(r"^Password:?$")).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url("**/accounts/2fa/authenticate/")
        if found := serious_violations(page):
            problems["public mfa_authenticate"] = found
    finally:
        context.close()

    assert problems == {}, "\n".join(
        f"{label}: {'; '.join(found)}" for label, found in sorted(problems.items())
    )
