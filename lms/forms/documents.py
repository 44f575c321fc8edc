"""The Wagtail admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): Wagtail's
own, plus a check that an uploaded file's content is what its name says."""

from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm

from ..validators import validate_document_file


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            validate_document_file(upload)
        return upload
