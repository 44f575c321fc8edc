"""Demo content for a fresh site: the page tree and one account per role. Safe to run
any number of times: what exists is left as it is, what is missing is created."""

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from . import roles
from .models import HomePage, LearnerProfile, StandardPage

DEMO_PASSWORD = "Cradle-demo-2026!"  # noqa: S105 - printed for people trying the site
DEMO_ACCOUNTS = (
    {
        "email": "learner@cradle.example",
        "first_name": "Lena",
        "last_name": "Learner",
        "role": roles.LEARNER,
        "discipline": "early_education",
        "county": "Tulsa",
    },
    {
        "email": "facilitator@cradle.example",
        "first_name": "Fern",
        "last_name": "Facilitator",
        "role": roles.FACILITATOR,
        "discipline": "social_work",
        "county": "Oklahoma",
    },
    {
        "email": "admin@cradle.example",
        "first_name": "Ada",
        "last_name": "Administrator",
        "role": roles.ADMINISTRATOR,
        "discipline": "psychology",
        "county": "Cleveland",
    },
)

HOME_INTRODUCTION = """
<h2>First relationships matter</h2>
<p>A baby's brain grows faster in the first three years than at any other time in life,
and it grows inside relationships. Cradle supports the people who support those first
relationships: home visitors, early educators, nurses, pediatric and mental health
clinicians, and everyone else who works with infants, toddlers and their families.</p>
<p>Take self-paced courses on attachment, trauma-informed care and the Pyramid Model,
join Infant Mental Health ECHO sessions, and keep every clock hour you earn in one
place, measured against the Infant Mental Health Endorsement® and its yearly
renewal.</p>
"""

STANDARD_PAGES = (
    {
        "slug": "about",
        "title": "About Cradle",
        "introduction": (
            "Cradle is an open-source learning platform for the infant and early "
            "childhood mental health workforce, built first for Oklahoma."
        ),
        "body": [
            ("heading", {"text": "Who Cradle is for", "level": "h2"}),
            (
                "paragraph",
                "<p>Professionals from child development, early education, nursing, "
                "pediatrics, psychiatry, psychology, social work and other fields who "
                "want to specialise in promoting infant and early childhood mental "
                "health within their own discipline.</p>",
            ),
            ("heading", {"text": "What you can do here", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>Work through online course modules and earn clock hours and "
                "certificates.</li><li>Register for Infant Mental Health ECHO series "
                "and present de-identified cases to a hub team.</li><li>Log outside "
                "training "
                "and reflective supervision/consultation, and see where you stand "
                "against the Endorsement® requirements.</li></ul>",
            ),
        ],
    },
    {
        "slug": "resources",
        "title": "Resources",
        "introduction": (
            "Where to turn in Oklahoma for infant and early childhood mental health "
            "support, training and endorsement."
        ),
        "body": [
            ("heading", {"text": "Supports for families and providers", "level": "h2"}),
            (
                "paragraph",
                "<ul><li><b>IECMH consultation in child care:</b> consultants help "
                "child care providers promote social-emotional learning and respond to "
                "challenging behavior using the Pyramid Model.</li><li><b>Child "
                "Guidance programs</b> at county health departments: behavioral health "
                "counseling, caregiver coaching and developmental screenings for "
                "children from birth to eight.</li><li><b>Workforce development:</b> "
                "virtual and in-person training, the Infant Mental Health ECHO, and "
                "Endorsement® through the state association for infant mental "
                "health.</li></ul>",
            ),
            (
                "callout",
                {
                    "kind": "tip",
                    "heading": "You cannot spoil a baby",
                    "body": RichText(
                        "<p>Responding warmly to a baby's cries builds trust. When a "
                        "baby feels loved and secure, they have the best chance to "
                        "learn and to form healthy relationships.</p>"
                    ),
                },
            ),
        ],
    },
    {
        "slug": "crisis-support",
        "title": "Crisis support",
        "introduction": "If you or a family you work with needs help now, reach out.",
        "body": [
            (
                "callout",
                {
                    "kind": "crisis",
                    "heading": "988 Suicide & Crisis Lifeline",
                    "body": RichText(
                        "<p>Call or text <b>988</b> at any time to be connected with a "
                        "trained counselor.</p>"
                    ),
                },
            ),
            (
                "callout",
                {
                    "kind": "crisis",
                    "heading": "Early Childhood Warmline: 1-877-271-7611",
                    "body": RichText(
                        "<p>Support for parents, caregivers and providers of young "
                        "children who are worried about a child's behavior or "
                        "well-being.</p>"
                    ),
                },
            ),
            (
                "paragraph",
                "<p>If a child or adult is in immediate danger, call <b>911</b>.</p>",
            ),
        ],
    },
)


@transaction.atomic
def seed() -> list[str]:
    """Build the page tree and demo accounts; return lines describing what exists."""
    home = _home_page()
    pages = {spec["slug"]: _standard_page(home, spec) for spec in STANDARD_PAGES}
    _home_links(home, pages)
    lines = [f"Site: {home.title} (page {home.pk})", "Demo accounts (password below):"]
    for spec in DEMO_ACCOUNTS:
        user = _demo_user(spec)
        lines.append(f"  {spec['role']:<17} {user.email}")
    lines.append(f"Password for every demo account: {DEMO_PASSWORD}")
    lines.append(
        "Facilitators and administrators set up two-factor authentication the first "
        "time they open /admin/."
    )
    return lines


def _home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Cradle",
            slug="cradle",
            hero_heading="Learning for the people who care for our youngest",
            hero_text=(
                "Courses, Infant Mental Health ECHO and hours toward endorsement for "
                "the infant and early childhood mental health workforce."
            ),
            hero_cta_text="About Cradle",
            introduction=HOME_INTRODUCTION.strip(),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Cradle",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Cradle"
        site.save()
    # The placeholder page a new Wagtail install starts with.
    Page.objects.filter(depth=2, content_type__model="page").exclude(
        pk=home.pk
    ).delete()
    return home


def _standard_page(home: HomePage, spec: dict) -> StandardPage:
    existing = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    page = StandardPage(
        title=spec["title"],
        slug=spec["slug"],
        introduction=spec["introduction"],
        body=spec["body"],
        show_in_menus=True,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _home_links(home: HomePage, pages: dict[str, StandardPage]) -> None:
    """Point the hero and the featured links at the demo pages, once: an editor's
    later choices are left alone."""
    if home.hero_cta_page_id is not None:
        return
    home.hero_cta_page = pages["about"]
    home.featured_links = [
        (
            "link",
            {
                "title": page.title,
                "description": page.introduction,
                "page": page,
                "url": "",
            },
        )
        for page in pages.values()
    ]
    home.save_revision().publish()


def _demo_user(spec: dict):
    User = get_user_model()
    user = User.objects.filter(email__iexact=spec["email"]).first()
    if user is None:
        user = User(email=spec["email"])
    user.first_name = spec["first_name"]
    user.last_name = spec["last_name"]
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=spec["role"])])
    EmailAddress.objects.update_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": True},
    )
    LearnerProfile.objects.update_or_create(
        user=user,
        defaults={
            "certificate_name": f"{spec['first_name']} {spec['last_name']}",
            "discipline": spec["discipline"],
            "county": spec["county"],
            "state": "OK",
            "organization": "Cradle demo",
        },
    )
    return user
