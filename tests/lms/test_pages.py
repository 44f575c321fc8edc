import pytest

from wagtail.models import Page

from lms.models import StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_shows_hero_menu_and_crisis_lines(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert site_tree.hero_heading in body
    assert '<nav class="main-nav" aria-label="Main">' in body
    for title in ("About Cradle", "Resources", "Crisis support"):
        assert f">{title}</a>" in body
    assert 'href="tel:988"' in body
    assert "1-877-271-7611" in body
    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    assert "http://" not in body.replace("http://testserver", "")  # no outside assets
    assert "https://" not in body


def test_standard_page_renders_its_body(client, site_tree):
    response = client.get("/crisis-support/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Crisis support</h1>" in body
    assert "callout--crisis" in body
    assert 'aria-current="page"' in body


def test_unknown_page_gets_the_site_404(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def add_menu_pages(home, count):
    for index in range(count):
        page = StandardPage(
            title=f"Extra {index}", slug=f"extra-{index}", show_in_menus=True
        )
        home.add_child(instance=page)
        page.save_revision().publish()


@pytest.mark.parametrize("extra_pages", [0, 12])
def test_home_page_query_budget_does_not_grow_with_the_menu(
    client, site_tree, extra_pages, django_assert_max_num_queries
):
    add_menu_pages(site_tree, extra_pages)
    client.get("/")  # warm the site-root cache
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200
    assert Page.objects.live().in_menu().count() == 3 + extra_pages
