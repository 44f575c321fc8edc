"""The Celery application shared by every app: tasks are autodiscovered from each
installed app's ``tasks.py`` and configured from Django settings (``CELERY_*``)."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_database_connections(sender=None, **kwargs):
    """Treat each task like a web request: keep the database connection between
    tasks for CONN_MAX_AGE, but close it when it is too old or broken. (Celery's own
    Django fixup would close it before and after every task; CELERY_DB_REUSE_MAX in
    settings turns that off, and this takes its place.) Eager tasks run inside the
    caller's transaction and must leave its connection alone."""
    if sender is None or getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
