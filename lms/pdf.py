"""The one place in the project that calls WeasyPrint.

Templates are rendered with Django (autoescaping on) and turned into tagged PDF/UA-1
documents, so certificates and other downloads stay readable by assistive technology.
Rendering never touches the network or the file system beyond the project's own static
files: every URL a document mentions goes through ``StaticFilesURLFetcher``, which
refuses everything else. The Lato fonts ship in ``static/fonts`` and get embedded, so
output does not depend on what fonts the worker machine happens to have installed.
"""

import base64
import binascii
import logging
import mimetypes
import os
import threading
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import weasyprint
from weasyprint.text import ffi as weasyprint_ffi
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# A host under the reserved .invalid TLD can never resolve, so even if a URL slipped
# past the fetcher it could not reach a real server. Templates refer to static files
# relative to it ("static/fonts/...") and the fetcher maps them back to disk.
STATIC_HOST = "static.cradle.invalid"
BASE_URL = f"https://{STATIC_HOST}/"
STATIC_PREFIX = "/static/"

# Log lines carry the refused URL; data: URIs and hostile markup can be huge.
_MAX_LOGGED_URL = 200


def _short(url: str) -> str:
    if len(url) <= _MAX_LOGGED_URL:
        return url
    return url[:_MAX_LOGGED_URL] + "..."


class StaticFilesURLFetcher(URLFetcher):
    """Serve the project's static files and ``data:`` URIs; refuse everything else.

    WeasyPrint's default fetcher follows any URL (http, file, ftp), which would let a
    template or a stray user string make the server fetch internal addresses or read
    local files. Subclassing keeps the attributes WeasyPrint expects on a fetcher.
    """

    def __init__(self) -> None:
        # An empty allow-list makes the inherited urllib opener refuse every scheme,
        # as a backstop should anything ever reach it instead of ``fetch`` below.
        super().__init__(allowed_protocols=(), allow_redirects=False)

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._fetch_data(url)
        if scheme == "https":
            return self._fetch_static(url)
        raise self._refuse(url, "only project static files may be loaded")

    def _refuse(self, url: str, reason: str) -> URLFetchingError:
        logger.warning(
            "Refused to fetch %s while rendering a PDF: %s", _short(url), reason
        )
        return URLFetchingError(f"Refused to fetch {_short(url)}: {reason}")

    def _fetch_static(self, url: str) -> URLFetcherResponse:
        try:
            parts = urlsplit(url)
        except ValueError:
            raise self._refuse(url, "malformed URL") from None
        # Compare the whole netloc, so userinfo or a port cannot smuggle another host.
        if parts.netloc.lower() != STATIC_HOST:
            raise self._refuse(url, "only project static files may be loaded")
        path = unquote(parts.path)
        if not path.startswith(STATIC_PREFIX):
            raise self._refuse(url, f"path is not under {STATIC_PREFIX}")
        relative = path.removeprefix(STATIC_PREFIX)
        segments = relative.split("/")
        # Checked after unquoting, so "%2e%2e" is caught as well as "..".
        if (
            not relative
            or "\\" in relative
            or "\x00" in relative
            or any(segment in ("", ".", "..") for segment in segments)
        ):
            raise self._refuse(url, "invalid static file path")
        try:
            found = finders.find(relative)
        except (SuspiciousFileOperation, ValueError, OSError):
            raise self._refuse(url, "invalid static file path") from None
        if not isinstance(found, str) or not os.path.isfile(found):
            raise self._refuse(url, "no such static file")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=body, headers={"Content-Type": content_type}
        )

    def _fetch_data(self, url: str) -> URLFetcherResponse:
        # Decoded here rather than by urllib so that no opener or proxy handler runs.
        header, comma, payload = url[len("data:") :].partition(",")
        if not comma:
            raise self._refuse(url, "malformed data URI")
        params = header.split(";")
        is_base64 = params[-1].strip().lower() == "base64"
        if is_base64:
            params.pop()
        content_type = ";".join(params).strip() or "text/plain;charset=US-ASCII"
        body = unquote_to_bytes(payload)
        if is_base64:
            try:
                body = base64.decodebytes(body)
            except binascii.Error:
                raise self._refuse(url, "malformed base64 in data URI") from None
        return URLFetcherResponse(
            url, body=body, headers={"Content-Type": content_type}
        )


_fonts = threading.local()


def _font_config() -> FontConfiguration:
    """One font configuration per process and thread, reused for every document.

    WeasyPrint otherwise builds a new one per document: Fontconfig loads and scans
    the system fonts each time (about a fifth of a certificate's render time) and
    never gives that memory back, so a worker grew by 0.1–0.3 MB per render. The
    object is not thread-safe, hence per thread; and never reused across a fork."""
    if getattr(_fonts, "pid", None) != os.getpid():
        _fonts.config = FontConfiguration()
        _fonts.pid = os.getpid()
    return _fonts.config


def html_to_pdf(html: str) -> bytes:
    """Convert trusted HTML to tagged PDF/UA-1 bytes, fetching only static files."""
    document = weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticFilesURLFetcher()
    )
    return document.write_pdf(pdf_variant="pdf/ua-1", font_config=_font_config())


def render_pdf(
    template_name: str, context: dict | None = None, *, title: str | None = None
) -> bytes:
    """Render a Django template (normally extending ``pdf/base.html``) to PDF bytes.

    ``title`` becomes the ``title`` context variable, which ``pdf/base.html`` puts in
    ``<title>``; PDF/UA readers announce it instead of the file name.
    """
    context = dict(context or {})
    if title is not None:
        context["title"] = title
    return html_to_pdf(render_to_string(template_name, context))


def harfbuzz_subsetter_available() -> bool:
    """Whether WeasyPrint found libharfbuzz-subset (else it falls back to fontTools)."""
    # getattr: older or future WeasyPrint releases may not define the attribute.
    return getattr(weasyprint_ffi, "harfbuzz_subset", None) is not None
