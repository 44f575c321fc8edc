from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyStreamBlock, FeaturedLinkBlock


class HomePage(Page):
    """The front page: a hero with a call to action, an introduction and featured
    links to the most-used parts of the site."""

    hero_heading = models.CharField(max_length=120)
    hero_text = models.TextField(max_length=400, blank=True)
    hero_cta_text = models.CharField(
        _("call-to-action text"), max_length=60, blank=True
    )
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("call-to-action page"),
    )
    introduction = RichTextField(
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol"], blank=True
    )
    featured_links = StreamField([("link", FeaturedLinkBlock())], blank=True, max_num=6)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_page"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("introduction"),
        FieldPanel("featured_links"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain content page: About, Resources, Crisis support and the like."""

    introduction = models.TextField(max_length=500, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["lms.HomePage", "lms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
