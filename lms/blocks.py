from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a page body; level 2 or 3 keeps the outline valid."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Serve and return", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, a caution, or where to find crisis support."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("tip", _("Tip")),
            ("caution", _("Caution")),
            ("crisis", _("Crisis resources")),
        ],
        default="tip",
    )
    heading = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"


class FeaturedLinkBlock(blocks.StructBlock):
    """A card on the home page pointing to a page of the site or another address."""

    title = blocks.CharBlock(max_length=80)
    description = blocks.TextBlock(max_length=240, required=False)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label=_("Or an external address"))

    class Meta:
        icon = "link"
        template = "blocks/featured_link_block.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _("Choose a page or enter an address, but not both.")
                    )
                }
            )
        return value


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ul", "ol", "document-link"]
    )
    image = ImageBlock()
    callout = CalloutBlock()

    class Meta:
        template = "blocks/body_stream_block.html"
