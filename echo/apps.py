from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EchoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "echo"
    verbose_name = _("Infant Mental Health ECHO")
