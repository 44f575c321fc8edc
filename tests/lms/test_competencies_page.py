"""The public page of competency domains and areas, which Open Badges alignments link
to by anchor."""

import pytest

from django.urls import reverse

from lms.models import CompetencyArea, CompetencyDomain
from tests.factories import UserFactory
from tests.factories.hours import area

pytestmark = pytest.mark.django_db

URL = reverse("competencies")


def test_anyone_can_read_the_domains_and_their_areas(client):
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Competency areas</h1>" in body
    for domain in CompetencyDomain.objects.all():
        assert f'<h2 id="domain-{domain.code}">{domain.name}</h2>' in body
    tf_ast = area("TF-AST")
    assert '<li id="area-TF-AST"><span class="records-code">TF-AST</span> ' in body
    assert tf_ast.name in body


def test_domains_and_areas_keep_the_editors_order(client):
    body = client.get(URL).content.decode()
    domains = list(CompetencyDomain.objects.order_by("sort_order", "name"))
    positions = [body.index(f'id="domain-{domain.code}"') for domain in domains]
    assert positions == sorted(positions)
    first = domains[0]
    codes = list(
        CompetencyArea.objects.active()
        .filter(domain=first)
        .values_list("code", flat=True)
    )
    area_positions = [body.index(f'id="area-{code}"') for code in codes]
    assert area_positions == sorted(area_positions)


def test_a_retired_area_is_not_listed(client):
    retired = area("DS-OBS")
    retired.retired = True
    retired.save()
    body = client.get(URL).content.decode()
    assert 'id="area-DS-OBS"' not in body
    assert 'id="area-TF-AST"' in body


def test_a_domain_with_no_areas_in_use_says_so(client):
    CompetencyDomain.objects.create(code="ZZ", name="Emerging practice", sort_order=99)
    body = client.get(URL).content.decode()
    assert '<h2 id="domain-ZZ">Emerging practice</h2>' in body
    assert "No areas of this domain are in use at present." in body


def test_names_are_escaped(client):
    domain = CompetencyDomain.objects.first()
    CompetencyArea.objects.create(
        domain=domain, code="XS-1", name="<img src=x onerror=alert(1)>"
    )
    body = client.get(URL).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


@pytest.mark.parametrize("extra_areas", [0, 40])
def test_a_fixed_number_of_queries(client, django_assert_max_num_queries, extra_areas):
    client.force_login(UserFactory())
    domain = CompetencyDomain.objects.first()
    CompetencyArea.objects.bulk_create(
        CompetencyArea(domain=domain, code=f"EX-{n}", name=f"Extra area {n}")
        for n in range(extra_areas)
    )
    client.get(URL)  # warm-up: session, time zone, site
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('<li id="area-') >= extra_areas
