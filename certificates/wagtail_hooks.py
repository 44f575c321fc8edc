from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter

from .admin_views import needs_attention_count, needs_attention_url
from .viewsets import CertificatesViewSetGroup

LOG_ACTIONS = [
    ("certificates.issued", _("Issue certificate"), _("Certificate issued")),
    ("certificates.revoked", _("Revoke certificate"), _("Certificate revoked")),
    ("certificates.rerendered", _("Re-render certificate"), _("PDF rendered again")),
    ("certificates.emailed", _("E-mail certificate"), _("Certificate e-mailed")),
    ("certificates.batch_started", _("Start bulk issue"), _("Bulk issue started")),
    (
        "certificates.batch_discarded",
        _("Discard bulk issue"),
        _("Bulk issue discarded before it was confirmed"),
    ),
]


class CertificateLogFormatter(LogFormatter):
    """Log lines that carry the reason (revocations) or the source (issues)."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        detail = data.get("reason") or data.get("source") or data.get("total")
        if detail:
            return f"{self.message}: {detail}"
        return self.message


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action)(
            type(
                "CertificateLogFormatter",
                (CertificateLogFormatter,),
                {"label": label, "message": message},
            )
        )


@hooks.register("register_admin_viewset")
def register_certificate_viewsets():
    return CertificatesViewSetGroup()


class NeedsAttentionPanel(Component):
    """On the admin dashboard: certificates whose PDF could not be rendered even
    after every retry, so that someone looks at them."""

    name = "certificates_needing_attention"
    order = 90
    template_name = "certificates/admin/needs_attention_panel.html"

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count, "url": needs_attention_url()}


@hooks.register("construct_homepage_panels")
def add_needs_attention_panel(request, panels):
    count = needs_attention_count(request.user)
    if count:
        panels.append(NeedsAttentionPanel(count))


@hooks.register("insert_global_admin_css")
def certificates_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/certificates-admin.css")
    )
