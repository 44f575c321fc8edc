"""lms.pdf: tagged output, embedded fonts, escaping, and no fetches outside static."""

import io
import logging
import socket
import threading
import time

import pypdf
import pytest
from weasyprint.urls import URLFetchingError

from lms.pdf import (
    BASE_URL,
    StaticFilesURLFetcher,
    harfbuzz_subsetter_available,
    html_to_pdf,
    render_pdf,
)

HEADING = "Attachment and Early Relationships"


def _reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in _reader(pdf).pages)


def _embedded_font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in _reader(pdf).pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            # Type0 fonts keep the descriptor on their descendant CID font.
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(
                    key in descriptor
                    for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    names.add(str(target["/BaseFont"]))
    return names


@pytest.fixture
def listener():
    """A real TCP server on 127.0.0.1 that records every connection it accepts."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.05)
    accepted = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, addr = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(addr)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()


def test_sample_contains_heading_text():
    pdf = render_pdf("pdf/sample.html", {"heading": HEADING, "body": "Week one."})

    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert HEADING in text
    assert "Week one." in text


def test_output_is_tagged_with_language_and_title():
    pdf = render_pdf(
        "pdf/sample.html", {"heading": HEADING, "body": "Body."}, title="My certificate"
    )

    reader = _reader(pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert str(root["/Lang"]) == "en"
    assert reader.metadata.title == "My certificate"


def test_lato_font_is_embedded():
    pdf = render_pdf("pdf/sample.html", {"heading": HEADING, "body": "Body."})

    names = _embedded_font_names(pdf)
    assert any("Lato" in name for name in names), names


def test_user_text_is_escaped_and_never_fetched(listener):
    port, accepted = listener
    body = (
        f'<img src="http://127.0.0.1:{port}/x">'
        f'<link rel=stylesheet href="http://127.0.0.1:{port}/y.css">'
    )

    pdf = render_pdf("pdf/sample.html", {"heading": HEADING, "body": body})
    time.sleep(0.5)

    text = _text(pdf)
    assert "<img src=" in text
    assert "<link rel=stylesheet" in text
    assert accepted == []


def test_trusted_html_cannot_fetch_outside_urls(listener, caplog):
    port, accepted = listener
    html = f"""<!DOCTYPE html>
<html lang="en"><head><title>Outside</title>
<link rel="stylesheet" href="http://127.0.0.1:{port}/link.css">
<style>
  @import url(http://127.0.0.1:{port}/y.css);
  @font-face {{ font-family: X; src: url(http://127.0.0.1:{port}/f.woff2); }}
  body {{ background: url(http://127.0.0.1:{port}/bg.png); }}
</style></head>
<body><p>Still renders</p>
<img src="http://127.0.0.1:{port}/x" alt="outside">
<img src="file:///etc/passwd" alt="local file">
</body></html>"""

    with caplog.at_level(logging.WARNING, logger="lms.pdf"):
        pdf = html_to_pdf(html)
    time.sleep(0.5)

    assert pdf.startswith(b"%PDF")
    assert "Still renders" in _text(pdf)
    assert accepted == []
    refused = [r.getMessage() for r in caplog.records if r.name == "lms.pdf"]
    assert any(f"127.0.0.1:{port}/x" in message for message in refused)
    assert any("file:///etc/passwd" in message for message in refused)


def test_fetcher_serves_static_font():
    response = StaticFilesURLFetcher().fetch(
        "https://static.cradle.invalid/static/fonts/Lato-Regular.woff2"
    )

    body = response.read()
    response.close()
    assert body.startswith(b"wOF2")
    assert response.content_type == "font/woff2"


def test_fetcher_resolves_relative_references_against_base_url():
    assert BASE_URL == "https://static.cradle.invalid/"
    response = StaticFilesURLFetcher()(BASE_URL + "static/fonts/Lato-Bold.woff2")
    assert response.read().startswith(b"wOF2")


def test_fetcher_decodes_data_uris():
    fetcher = StaticFilesURLFetcher()

    assert fetcher.fetch("data:text/css,p%20%7Bcolor:red%7D").read() == b"p {color:red}"
    response = fetcher.fetch("data:image/png;base64,aGVsbG8=")
    assert response.read() == b"hello"
    assert response.content_type == "image/png"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x",
        "https://example.com/static/fonts/Lato-Regular.woff2",
        "http://static.cradle.invalid/static/fonts/Lato-Regular.woff2",
        "https://static.cradle.invalid:8443/static/fonts/Lato-Regular.woff2",
        "https://user@static.cradle.invalid/static/fonts/Lato-Regular.woff2",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "https://static.cradle.invalid/static/../../lms/settings/base.py",
        "https://static.cradle.invalid/static/%2e%2e/%2e%2e/lms/settings/base.py",
        "https://static.cradle.invalid/static//etc/passwd",
        "https://static.cradle.invalid/static/fonts/",
        "https://static.cradle.invalid/static/fonts/Missing.woff2",
        "https://static.cradle.invalid/lms/settings/base.py",
    ],
)
def test_fetcher_refuses_everything_else(url, caplog):
    with (
        caplog.at_level(logging.WARNING, logger="lms.pdf"),
        pytest.raises(URLFetchingError),
    ):
        StaticFilesURLFetcher().fetch(url)

    assert any(
        r.name == "lms.pdf" and r.levelno == logging.WARNING for r in caplog.records
    )


def test_harfbuzz_subsetter_available_is_bool(monkeypatch):
    from weasyprint.text import ffi

    assert isinstance(harfbuzz_subsetter_available(), bool)
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert harfbuzz_subsetter_available() is False
    monkeypatch.delattr(ffi, "harfbuzz_subset")
    assert harfbuzz_subsetter_available() is False
