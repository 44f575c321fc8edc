"""Private file storage: learners' evidence (and, later, certificate PDFs) live outside
MEDIA_ROOT and have no URL. They are served only by views that check permission."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError(
            "Private files have no public URL; serve them through a view that "
            "checks permission."
        )


def private_storage():
    # A callable, so migrations do not record the location of this machine.
    return PrivateStorage()
