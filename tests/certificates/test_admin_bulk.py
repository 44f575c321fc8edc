"""Bulk issue in the admin, end to end with the test client: choosing learners (a
filter or a file), the row-by-row check, confirming (and refusing to confirm past
problem rows unless they are knowingly skipped), the progress JSON, the ZIP of PDFs,
e-mailing them all, and who may do any of it."""

import io
import zipfile

import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, CertificateBatch
from certificates.services import certificate_batch_create
from tests.factories import LearnerProfileFactory, UserFactory, staff_user
from tests.factories.certificates import CertificateFactory, default_template
from tests.factories.hours import PDF_BYTES, area

pytestmark = pytest.mark.django_db

NEW = "/admin/certificates/bulk/new/"
INDEX = "/admin/certificates/bulk/"
# The admin's own queries (session, user, permissions, menu), the batch, its areas,
# the progress counts, the first failures and the history.
BATCH_PAGE_BUDGET = 16


@pytest.fixture
def administrator(client):
    user = staff_user("Administrator", first_name="Avery", last_name="Admin")
    client.force_login(user)
    return user


def learner(email, first, last):
    user = UserFactory(email=email, first_name=first, last_name=last)
    LearnerProfileFactory(user=user, certificate_name=f"{first} {last}")
    return user


@pytest.fixture
def cohort():
    return [
        learner("ana@example.org", "Ana", "López"),
        learner("ben@example.org", "Ben", "Okafor"),
        learner("zoe@example.org", "Zoë", "Émile"),
    ]


def url(name, batch):
    return reverse(f"certificate_batches:{name}", args=[batch.pk])


def step_one(**changes) -> dict:
    data = {
        "template": default_template().pk,
        "title": "Spring cohort: Attachment",
        "hours": "2.5",
        "competency_areas": [area("TF-AST").pk],
        "issued_on": timezone.localdate().isoformat(),
        "email_learners": "on",
        "source": "filter",
        "joined_from": "",
        "joined_to": "",
        "goal_category": "",
        "contains": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def csv_upload(text: str, encoding="utf-8", name="cohort.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def check(client, data) -> CertificateBatch:
    response = client.post(NEW, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    batch = CertificateBatch.objects.get()
    assert response.url == url("detail", batch)
    return batch


class TestFilterWizard:
    def test_end_to_end(
        self, client, administrator, cohort, django_capture_on_commit_callbacks
    ):
        form = client.get(NEW)
        assert form.status_code == 200
        assert "Step 1 of 2" in form.content.decode()

        batch = check(client, step_one())
        assert batch.status == "draft"
        assert batch.total == 3
        assert not Certificate.objects.exists()  # nothing issued before confirming

        preview = client.get(url("detail", batch)).content.decode()
        assert "3 learners will receive a certificate" in preview
        assert "Spring cohort: Attachment" in preview
        assert "skip_problems" not in preview  # nothing to skip
        assert "Issue 3 certificates" in preview
        assert "Ana López" in preview and "zoe@example.org" in preview

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("confirm", batch))
        assert (response.status_code, response.url) == (302, url("detail", batch))

        batch.refresh_from_db()
        assert (batch.status, batch.issued_count) == ("issued", 3)
        certificates = Certificate.objects.filter(batch=batch)
        assert certificates.count() == 3
        assert {c.learner_id for c in certificates} == {user.pk for user in cohort}
        for certificate in certificates:
            assert certificate.status == "ready"
            assert certificate.hours == 2.5
            assert certificate.area_names == [area("TF-AST").name]
            assert certificate.issued_by == administrator
            with certificate.pdf.open("rb") as handle:
                assert handle.read(5) == b"%PDF-"
        assert sorted(message.to[0] for message in mail.outbox) == [
            "ana@example.org",
            "ben@example.org",
            "zoe@example.org",
        ]

        page = client.get(url("detail", batch)).content.decode()
        assert "3 of 3 certificates ready, 0 being prepared, 0 failed." in page
        assert 'value="100"' in page
        assert url("zip", batch) in page
        assert "Bulk issue started: 3" in page  # the audit log

    def test_confirming_twice_issues_once(
        self, client, administrator, cohort, django_capture_on_commit_callbacks
    ):
        batch = check(client, step_one())
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("confirm", batch))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("confirm", batch), follow=True)
        assert "already confirmed; nothing more was issued" in (
            response.content.decode()
        )
        assert Certificate.objects.count() == 3

    def test_the_filter_narrows(self, client, administrator, cohort):
        batch = check(client, step_one(contains="okafor"))
        assert list(batch.recipients.all()) == [cohort[1]]
        assert "matching “okafor”" in batch.description

    def test_terms_are_checked_before_anything(self, client, administrator, cohort):
        response = client.post(NEW, step_one(title=""))
        assert response.status_code == 200
        assert "Give the certificate a title" in response.content.decode()
        # The service's own checks land on the form's fields too.
        response = client.post(NEW, step_one(hours="2.4"))
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "quarter-hour steps" in " ".join(errors["hours"])
        assert not CertificateBatch.objects.exists()


class TestCsvWizard:
    LIST = (
        "Name;E-mail\n"
        "Ana;ANA@example.org\n"
        "Someone;someone@nowhere.org\n"
        "Typo;ben(at)example.org\n"
        "\n"
        "Zoë;zoe@example.org\n"
        "Ana again;ana@example.org\n"
    )

    def test_problem_rows_must_be_knowingly_skipped(
        self, client, administrator, cohort, django_capture_on_commit_callbacks
    ):
        batch = check(
            client,
            step_one(source="csv", csv_file=csv_upload(self.LIST, encoding="cp1252")),
        )
        assert batch.recipient_source == "csv"
        assert batch.total == 2
        preview = client.get(url("detail", batch)).content.decode()
        assert "2 learners will receive a certificate" in preview
        assert "2 rows match nobody who can receive a certificate" in preview
        assert "No account uses this address." in preview
        assert "“ben(at)example.org” is not an e-mail address." in preview
        assert "Already listed on line 2; counted once." in preview
        assert "Issue only to the 2 matched learners and skip the rows above" in preview
        # Problems come before the learners who matched.
        assert preview.index("someone@nowhere.org") < preview.index("Zoë Émile")

        # Without the tick, whatever the browser allowed, nothing is issued.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("confirm", batch), follow=True)
        assert "Nothing was issued: 2 rows of the list match nobody" in (
            response.content.decode()
        )
        batch.refresh_from_db()
        assert batch.status == "draft"
        assert not Certificate.objects.exists()

        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("confirm", batch), {"skip_problems": "on"})
        issued = Certificate.objects.filter(batch=batch)
        assert sorted(c.learner.email for c in issued) == [
            "ana@example.org",
            "zoe@example.org",
        ]
        assert "ben@example.org" not in {c.learner.email for c in issued}

    def test_harmless_rows_need_no_tick(
        self, client, administrator, cohort, django_capture_on_commit_callbacks
    ):
        text = "email\n\nana@example.org\nANA@example.org \nben@example.org\n"
        batch = check(client, step_one(source="csv", csv_file=csv_upload(text)))
        preview = client.get(url("detail", batch)).content.decode()
        assert "skip_problems" not in preview
        assert "rows skipped without leaving anyone out" in preview
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("confirm", batch))
        assert Certificate.objects.filter(batch=batch).count() == 2

    def test_a_list_that_matches_nobody_shows_the_report(
        self, client, administrator, cohort
    ):
        text = "nobody@nowhere.org\nnot-an-address\n"
        response = client.post(NEW, step_one(source="csv", csv_file=csv_upload(text)))
        assert response.status_code == 200
        page = response.content.decode()
        assert "No learners to issue certificates to." in page
        assert "No account uses this address." in page
        assert "The file was read as UTF-8." in page
        assert not CertificateBatch.objects.exists()

    def test_the_file_is_required(self, client, administrator):
        response = client.post(NEW, step_one(source="csv"))
        assert "Choose the file with the learners" in response.content.decode()
        assert not CertificateBatch.objects.exists()

    def test_too_large_a_file(self, client, administrator):
        big = SimpleUploadedFile(
            "big.csv", b"a@example.org\n" * 80_000, content_type="text/csv"
        )
        response = client.post(NEW, step_one(source="csv", csv_file=big))
        assert "the limit is 1,024 KB" in response.content.decode()
        assert not CertificateBatch.objects.exists()


def issued_batch(
    administrator, learners, *, with_certificates=True, **kwargs
) -> CertificateBatch:
    """A confirmed, finished batch whose certificates are written by the factory."""
    batch = certificate_batch_create(
        template=default_template(),
        title="Winter cohort",
        hours=3,
        issued_on=timezone.localdate(),
        learners=learners,
        recipient_source="filter",
        report=[],
        created_by=administrator,
    )
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=kwargs.pop("status", "issued"),
        issued_count=len(learners) if with_certificates else 0,
        finished_at=timezone.now(),
        **kwargs,
    )
    batch.refresh_from_db()
    for user in learners if with_certificates else []:
        CertificateFactory(
            batch=batch, learner=user, recipient_name=user.get_full_name()
        )
    return batch


class TestProgress:
    def test_json_while_issuing_and_when_done(
        self, client, administrator, cohort, django_capture_on_commit_callbacks
    ):
        batch = check(client, step_one())
        client.post(url("confirm", batch))  # queued; the worker has not run yet
        state = client.get(url("progress", batch)).json()
        assert state["status"] == "queued"
        assert state["done"] is False
        assert state["summary"] == "Issuing 3 certificates…"

        page = client.get(url("detail", batch)).content.decode()
        assert f'data-url="{url("progress", batch)}"' in page
        assert 'data-done="false"' in page
        assert 'aria-live="polite"' in page
        assert "<progress" in page
        assert "js/batch-progress.js" in page
        assert "<script>" not in page.split("</header>")[-1]

        from certificates.tasks import certificate_batch_issue

        with django_capture_on_commit_callbacks(execute=True):
            certificate_batch_issue.delay(batch.pk)
        response = client.get(url("progress", batch))
        assert "no-store" in response["Cache-Control"]
        state = response.json()
        assert state["status"] == "issued"
        assert (state["issued"], state["ready"], state["failed"]) == (3, 3, 0)
        assert (state["percent"], state["done"]) == (100, True)
        assert state["summary"] == (
            "3 of 3 certificates ready, 0 being prepared, 0 failed."
        )

    def test_a_failed_batch_says_nothing_was_issued(
        self, client, administrator, cohort
    ):
        batch = issued_batch(
            administrator,
            cohort,
            with_certificates=False,
            status="failed",
            error="IntegrityError: something went wrong",
        )
        page = client.get(url("detail", batch)).content.decode()
        assert "The bulk issue failed and nothing was issued." in page
        assert "IntegrityError: something went wrong" in page
        state = client.get(url("progress", batch)).json()
        assert (state["status"], state["done"]) == ("failed", True)
        assert state["error"] == "IntegrityError: something went wrong"

    def test_failures_are_listed(self, client, administrator, cohort):
        batch = issued_batch(administrator, cohort)
        Certificate.objects.filter(learner=cohort[0]).update(
            status="failed", last_error="OSError: font missing", pdf=""
        )
        page = client.get(url("detail", batch)).content.decode()
        assert "OSError: font missing" in page
        assert "Ana López" in page
        assert f"?batch={batch.pk}&amp;status=failed" in page

    @pytest.mark.parametrize("size", [2, 40])
    def test_batch_page_query_budget(
        self, client, administrator, size, django_assert_max_num_queries
    ):
        learners = [
            learner(f"l{n}@example.org", "Lee", f"Park{n}") for n in range(size)
        ]
        batch = issued_batch(administrator, learners)
        batch.competency_areas.set([area("TF-AST"), area("DS-OBS")])
        Certificate.objects.filter(batch=batch, learner__in=learners[:2]).update(
            status="failed"
        )
        client.get(url("detail", batch))
        with django_assert_max_num_queries(BATCH_PAGE_BUDGET):
            assert client.get(url("detail", batch)).status_code == 200

    def test_batch_page_queries_do_not_grow(self, client, administrator):
        def count(batch):
            client.get(url("detail", batch))
            with CaptureQueriesContext(connection) as queries:
                client.get(url("detail", batch))
            return len(queries)

        small = issued_batch(
            administrator,
            [learner(f"s{n}@example.org", "Sam", f"Lee{n}") for n in range(2)],
        )
        large = issued_batch(
            administrator,
            [learner(f"b{n}@example.org", "Bo", f"Kim{n}") for n in range(40)],
        )
        Certificate.objects.update(status="failed")
        assert count(small) == count(large)


class TestZipAndEmail:
    def test_zip_of_the_ready_pdfs(self, client, administrator, cohort):
        batch = issued_batch(administrator, cohort)
        Certificate.objects.filter(learner=cohort[1]).update(status="pending", pdf="")
        Certificate.objects.filter(learner=cohort[2]).update(
            revoked_at=timezone.now(), revoked_reason="Error"
        )
        response = client.get(url("zip", batch))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert "attachment" in response["Content-Disposition"]
        assert (
            f"certificates-winter-cohort-{batch.pk}.zip"
            in (response["Content-Disposition"])
        )
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert archive.testzip() is None
        names = archive.namelist()
        ana = Certificate.objects.get(learner=cohort[0])
        assert sorted(names) == sorted(
            ["README.txt", f"ana-lopez-{ana.download_filename}"]
        )
        assert archive.read(f"ana-lopez-{ana.download_filename}") == PDF_BYTES
        readme = archive.read("README.txt").decode()
        assert "1 certificates are in this archive." in readme
        assert "2 were left out:" in readme
        assert "Ben Okafor" in readme and "Zoë Émile" in readme

    def test_zip_of_a_complete_batch(self, client, administrator, cohort):
        batch = issued_batch(administrator, cohort)
        archive = zipfile.ZipFile(
            io.BytesIO(b"".join(client.get(url("zip", batch)).streaming_content))
        )
        pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
        assert len(pdfs) == 3
        assert "None were left out." in archive.read("README.txt").decode()

    def test_email_all_ready_valid_certificates(
        self, client, administrator, cohort, django_capture_on_commit_callbacks
    ):
        batch = issued_batch(administrator, cohort)
        Certificate.objects.filter(learner=cohort[2]).update(
            revoked_at=timezone.now(), revoked_reason="Error"
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("email", batch), follow=True)
        page = response.content.decode()
        assert "E-mailing 2 certificates, each to its learner." in page
        assert "1 not ready or revoked was not sent." in page
        assert sorted(message.to[0] for message in mail.outbox) == [
            "ana@example.org",
            "ben@example.org",
        ]

    def test_email_all_when_none_is_ready(self, client, administrator, cohort):
        batch = issued_batch(administrator, cohort)
        Certificate.objects.update(status="pending", pdf="")
        response = client.post(url("email", batch), follow=True)
        assert "Nothing was sent: no certificate of this bulk issue is ready" in (
            response.content.decode()
        )
        assert not Certificate.objects.filter(email_on_ready=True).exists()


class TestListingAndPermissions:
    def test_listing(self, client, administrator, cohort):
        batch = issued_batch(administrator, cohort)
        page = client.get(INDEX).content.decode()
        assert "Winter cohort" in page
        assert url("detail", batch) in page
        assert "Bulk issue certificates" in page
        assert NEW in page

    def test_facilitator_is_refused_everywhere(self, client, administrator, cohort):
        batch = issued_batch(administrator, cohort)
        draft = certificate_batch_create(
            template=default_template(),
            title="Draft",
            hours=1,
            issued_on=timezone.localdate(),
            learners=cohort,
            recipient_source="filter",
            report=[],
            created_by=administrator,
        )
        client.force_login(staff_user("ECHO Facilitator"))
        for target in (
            INDEX,
            NEW,
            url("detail", batch),
            url("progress", batch),
            url("zip", batch),
        ):
            response = client.get(target)
            assert (response.status_code, response.url) == (302, "/admin/"), target
        for target in (url("confirm", draft), url("email", batch), NEW):
            response = client.post(target, step_one())
            assert (response.status_code, response.url) == (302, "/admin/"), target
        draft.refresh_from_db()
        assert draft.status == "draft"
        assert mail.outbox == []
        assert CertificateBatch.objects.count() == 2

    def test_the_progress_json_refuses_with_403_to_scripts(
        self, client, administrator, cohort
    ):
        batch = issued_batch(administrator, cohort)
        client.force_login(staff_user("ECHO Facilitator"))
        response = client.get(
            url("progress", batch), headers={"x-requested-with": "XMLHttpRequest"}
        )
        assert response.status_code == 403

    def test_learner_is_refused(self, client, administrator, cohort):
        batch = issued_batch(administrator, cohort)
        client.force_login(cohort[0])
        assert client.get(url("detail", batch)).status_code == 403
        assert client.post(url("email", batch)).status_code == 403

    def test_confirm_needs_csrf(self, administrator, cohort):
        draft = certificate_batch_create(
            template=default_template(),
            title="Draft",
            hours=1,
            issued_on=timezone.localdate(),
            learners=cohort,
            recipient_source="filter",
            report=[],
            created_by=administrator,
        )
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(administrator)
        assert strict.post(url("confirm", draft)).status_code == 403
        draft.refresh_from_db()
        assert draft.status == "draft"
