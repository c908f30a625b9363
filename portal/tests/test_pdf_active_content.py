"""PDFs with active content (scripts, automatic actions, embedded or launched files) are refused by name."""

import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.uploads import verify_pdf


def pdf(*objects: bytes) -> bytes:
    """Return a small PDF file made of the given object bodies, numbered from 1."""
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (number, obj) for number, obj in enumerate(objects, start=1))
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def object_stream(*objects: bytes, dictionary: bytes = b"/Type /ObjStm /Filter /FlateDecode", deflate=True) -> bytes:
    """Return an object stream packing the given objects (numbered from 10), compressed."""
    offsets, packed, position = [], b"", 0
    for number, obj in enumerate(objects, start=10):
        offsets.append(b"%d %d" % (number, position))
        packed += obj + b"\n"
        position = len(packed)
    header = b" ".join(offsets) + b"\n"
    data = header + packed
    if deflate:
        data = zlib.compress(data)
    return stream(b"%s /N %d /First %d" % (dictionary, len(objects), len(header)), data)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"


def refused(data: bytes, name: str = "evidence.pdf") -> str:
    with pytest.raises(ValidationError) as error:
        verify_pdf(SimpleUploadedFile(name, data))
    return error.value.messages[0]


def test_a_plain_pdf_with_compressed_objects_and_binary_content_is_accepted():
    image = bytes(range(256)) * 64 + b"/JS /OpenAction (" + bytes(range(255, -1, -1)) * 8
    data = pdf(
        CATALOG,
        PAGES,
        stream(b"/Type /XObject /Subtype /Image /Filter /DCTDecode", image),
        stream(b"/Filter /FlateDecode", zlib.compress(b"BT /F1 12 Tf (Open /JS here) Tj ET")),
        object_stream(b"<< /Title (A title naming /JavaScript in text) >>"),
    )
    assert verify_pdf(SimpleUploadedFile("certificate.pdf", data)).sha256


@pytest.mark.parametrize(
    "catalog",
    [
        b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
        b"<< /Type /Catalog /Names << /JavaScript 3 0 R >> >>",
        b"<< /Type /Catalog /AA << /O << /S /Launch /F (calc.exe) >> >> >>",
        b"<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(a.exe) 3 0 R] >> >> >>",
        b"<< /Type /Annot /Subtype /RichMedia >>",
        b"<< /Type /Catalog /AcroForm << /XFA 3 0 R >> >>",
        b"<< /S /Launch /F (cmd.exe) >>",
    ],
)
def test_active_content_in_a_plain_object_is_refused_naming_the_file(catalog):
    message = refused(pdf(catalog, PAGES))
    assert message.startswith("evidence.pdf contains active content (/")


def test_a_hex_escaped_name_is_read_as_the_name_it_spells():
    message = refused(pdf(b"<< /Type /Catalog /Open#41ction << /S /JavaScript /J#53 (x) >> >>", PAGES))
    assert "/JS" in message and "/OpenAction" in message


def test_an_embedded_file_stream_is_refused():
    assert "/EmbeddedFile" in refused(pdf(CATALOG, stream(b"/Type /EmbeddedFile", b"MZ\x90\x00payload")))


def test_javascript_inside_a_compressed_object_stream_is_refused():
    packed = object_stream(b"<< /Type /Catalog /OpenAction 11 0 R >>", b"<< /S /JavaScript /JS (app.alert(1)) >>")
    message = refused(pdf(PAGES, packed))
    assert "/JS" in message and "/OpenAction" in message


def test_an_object_stream_declared_with_an_escaped_type_is_still_inflated():
    packed = object_stream(b"<< /AA << >> >>", dictionary=b"/Type /Obj#53tm /Filter /Fl#61teDecode")
    assert "/AA" in refused(pdf(CATALOG, packed))


def test_a_stream_keyword_inside_a_string_does_not_hide_what_follows():
    data = pdf(b"<< /Title (>>\nstream\n) /OpenAction << /JS (x) >> /Note (endstream) >>", PAGES)
    assert "/OpenAction" in refused(data)


def test_an_object_stream_that_cannot_be_inflated_is_refused_as_uncheckable():
    broken = stream(b"/Type /ObjStm /Filter /FlateDecode /N 1 /First 5", b"\x00garbage, not deflate")
    assert "cannot be checked for active content" in refused(pdf(CATALOG, broken), name="scan.pdf")


def test_an_object_stream_in_another_encoding_is_refused_as_uncheckable():
    hexed = stream(b"/Type /ObjStm /Filter /ASCIIHexDecode /N 1 /First 5", b"3C3C2F4A53203E3E>")
    assert refused(pdf(CATALOG, hexed), name="scan.pdf").startswith("scan.pdf cannot be checked")


def test_a_document_upload_with_javascript_is_refused_by_the_api(api_client, cast):
    from recordals.tests.factories import RecordalFactory

    draft = RecordalFactory(holder=cast.holder1)
    api_client.force_authenticate(cast.holder1_user)
    upload = SimpleUploadedFile("cert.pdf", pdf(b"<< /OpenAction << /JS (x) >> >>"), content_type="application/pdf")
    response = api_client.post(
        f"/api/recordals/{draft.pk}/documents/", {"file": upload, "title": "Certificate"}, format="multipart"
    )
    assert response.status_code == 400 and "cert.pdf contains active content" in response.json()["file"][0]
    assert not draft.documents.exists()


def test_a_pdf_written_by_pillow_is_accepted():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(out, "PDF", title="Certificate of registration")
    assert verify_pdf(SimpleUploadedFile("scan.pdf", out.getvalue())).sha256


def test_a_pdf_built_to_make_the_check_walk_forever_is_refused_as_uncheckable(monkeypatch):
    monkeypatch.setattr("portal.pdfcheck.MAX_STEPS", 1000)
    nested = pdf(b"<< /Title " + b"(" * 5000 + b")" * 5000 + b" >>")
    assert refused(nested, name="deep.pdf").startswith("deep.pdf cannot be checked")


def test_an_escaped_parenthesis_does_not_end_a_string_early():
    assert verify_pdf(SimpleUploadedFile("ok.pdf", pdf(b"<< /Title (a\\) /JS) >>", PAGES))).sha256
    assert "/OpenAction" in refused(pdf(b"<< /Title (a\\) b) /OpenAction 2 0 R >>", PAGES))
