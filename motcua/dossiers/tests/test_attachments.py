import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from motcua.core.actors import SYSTEM
from motcua.core.uploads import UploadError, inspect
from motcua.dossiers.models import Attachment
from motcua.dossiers.services import attachment_add, result_attach
from tests import files
from tests.builders import PDF, a_dossier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
PNG = files.png()
JPEG = files.jpeg()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA_MAX_UPLOAD_MB = 1
    return tmp_path


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def two_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind", "pages"),
    [
        ("to-khai.pdf", None, "application/pdf", 2),
        ("cccd.png", PNG, "image/png", 1),
        ("anh chup.JPG", JPEG, "image/jpeg", 1),
        ("scan-without-extension", PNG, "image/png", 1),
    ],
)
def test_accepted_files_are_recognised_by_content(world, media, name, content, kind, pages):
    dossier = a_dossier(world, channel="counter").build()
    data = content or two_page_pdf()
    attachment = attachment_add(
        actor=world.officer_b1,
        dossier=dossier,
        uploaded=SimpleUploadedFile(name, data),
        document=dossier.documents.first(),
    )
    assert (attachment.content_type, attachment.pages, attachment.size) == (kind, pages, len(data))
    assert len(attachment.sha256) == 64 and attachment.original_name == name
    assert name not in attachment.file.name and attachment.file.name.startswith(f"dossiers/{dossier.pk}/")
    assert attachment.file.read() == data


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("giay-to.pdf", b"MZ\x90\x00 this is a windows executable", "not a PDF, JPEG or PNG"),
        ("../../etc/passwd.pdf", PDF, "not allowed"),
        ("..\\boot.png", PNG, "not allowed"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), "larger than 1 MB"),
        ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "damaged"),
        ("empty.png", b"", "empty"),
    ],
)
def test_refused_files_leave_nothing_behind(world, media, name, content, message):
    dossier = a_dossier(world, channel="counter").build()
    with pytest.raises(ValidationError) as err:
        # ContentFile keeps the name as given (Django's own upload handling would already strip directories)
        attachment_add(actor=world.officer_b1, dossier=dossier, uploaded=ContentFile(content, name=name))
    assert message in " ".join(err.value.message_dict["file"])
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_only_the_desk_or_the_applicant_add_scans(world, media):
    dossier = a_dossier(world, channel="counter").build()
    with pytest.raises(PermissionDenied):
        attachment_add(actor=world.spec_justice, dossier=dossier, uploaded=SimpleUploadedFile("a.png", PNG))
    assert stored_files(media) == []


def test_a_refused_result_removes_its_stored_file(world, media):
    dossier = a_dossier(world, channel="counter").build()  # not yet approved: attaching a result is not possible
    with pytest.raises(ValidationError):
        result_attach(actor=SYSTEM, dossier=dossier, uploaded=SimpleUploadedFile("kq.pdf", PDF))
    assert not Attachment.objects.exists() and stored_files(media) == []


# -- hostile files: refused with a clear message naming the field, after bounded work ----------------------------
@pytest.fixture
def objects_read(monkeypatch):
    """Every object the PDF parser resolves (page tree nodes and pages included), in order."""
    read = []
    original = PdfReader.get_object

    def counting(self, reference):
        read.append(reference)
        return original(self, reference)

    monkeypatch.setattr(PdfReader, "get_object", counting)
    return read


def refusal(data: bytes, name: str = "scan.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as err:
        inspect(SimpleUploadedFile(name, data))
    [error] = err.value.error_dict["file"]
    return error


def test_a_hundred_thousand_pages_are_refused_from_the_root_count(settings, objects_read):
    settings.MOTCUA_MAX_UPLOAD_PAGES = 500
    error = refusal(files.pdf_of_shared_page(100_000))
    assert error.code == UploadError.TOO_MANY_PAGES
    assert "scan.pdf" in error.message and "500" in error.message
    assert len(objects_read) <= 3  # the catalog and the page tree root: not one page


def test_a_lying_count_cannot_make_inspection_walk_every_page(settings, objects_read):
    settings.MOTCUA_MAX_UPLOAD_PAGES = 10
    assert refusal(files.pdf_of_shared_page(100_000, count=1)).code == UploadError.TOO_MANY_PAGES
    assert len(objects_read) <= 3  # the root's /Kids alone is longer than any tree of 10 pages
    objects_read.clear()
    assert refusal(files.pdf_of_shared_page(15, count=1)).code == UploadError.TOO_MANY_PAGES
    assert len(objects_read) <= 3 + 11  # the walk stops at the 11th page
    objects_read.clear()
    assert refusal(files.pdf_of_pages(40, count=2)).code == UploadError.TOO_MANY_PAGES
    assert len(objects_read) <= 3 + 11


@pytest.mark.parametrize(
    ("data", "pages"),
    [
        (files.pdf_of_pages(3, count=7), 3),  # a wrong /Count: the pages found are what counts
        (files.pdf_of_shared_page(3), 3),  # one page object shown three times
        (files.pdf_deep_tree(10), 1),
    ],
)
def test_pdf_pages_are_counted_within_the_limit(settings, data, pages):
    settings.MOTCUA_MAX_UPLOAD_PAGES = 10
    assert inspect(SimpleUploadedFile("scan.pdf", data))["pages"] == pages


def test_the_page_limit_is_inclusive(settings):
    settings.MOTCUA_MAX_UPLOAD_PAGES = 10
    assert inspect(SimpleUploadedFile("scan.pdf", files.pdf_of_pages(10)))["pages"] == 10
    assert refusal(files.pdf_of_pages(11)).code == UploadError.TOO_MANY_PAGES


@pytest.mark.parametrize(
    "data",
    [files.pdf_dense_catalog(900_000), files.pdf_object_stream_bomb(2_000_000)],
    ids=["dense-catalog", "object-stream-bomb"],
)
def test_parsing_work_is_bounded(settings, data):
    """Reading the catalog alone could take a minute of parsing (a dense 20 MB catalog, or a 3 kB object stream
    unpacking to megabytes): the parser's reads and unpacked bytes are charged to a budget that runs out first."""
    settings.MOTCUA_MAX_UPLOAD_PAGES = 500
    assert refusal(data).code == UploadError.TOO_COMPLEX


def test_an_object_stream_within_the_budget_is_read(settings):
    settings.MOTCUA_MAX_UPLOAD_PAGES = 500
    assert inspect(SimpleUploadedFile("scan.pdf", files.pdf_object_stream_bomb(20_000)))["pages"] == 1


def _truncated() -> bytes:
    whole = two_page_pdf()
    return whole[: len(whole) // 2]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (files.pdf_deep_tree(3_000), UploadError.DAMAGED),
        (files.pdf_cyclic_tree(), UploadError.DAMAGED),
        (files.pdf_nested_arrays(5_000), UploadError.DAMAGED),
        (_truncated(), UploadError.DAMAGED),
        (b"%PDF-" + bytes(range(256)) * 40, UploadError.DAMAGED),
        (files.pdf_document({1: files.CATALOG, 2: b"<</Type/Pages/Kids[]/Count 0>>"}), UploadError.DAMAGED),
        (files.pdf_document({1: files.CATALOG, 2: files.ROOT_OF_ONE, 3: b"4"}), UploadError.DAMAGED),
        (files.pdf_document({1: b"<</Type/Catalog>>"}), UploadError.DAMAGED),
        (files.pdf_encrypted(), UploadError.ENCRYPTED),
    ],
    ids=[
        "deep-tree",
        "cycle",
        "nested-arrays",
        "truncated",
        "garbage",
        "no-pages",
        "page-not-a-dict",
        "no-tree",
        "encrypted",
    ],
)
def test_malformed_pdfs_are_refused_as_such(data, code):
    error = refusal(data)
    assert error.code == code


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        ("anh.png", files.png(64, 64)[:-20]),  # cut before its end
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        ("anh.jpg", files.jpeg(64, 64)[:200]),
    ],
    ids=["png-zeros", "png-garbage", "png-truncated", "jpeg-zeros", "jpeg-truncated"],
)
def test_images_must_decode(name, data):
    assert refusal(data, name).code == UploadError.DAMAGED


@pytest.mark.parametrize(("width", "height"), [(8_000, 6_000), (20_000, 20_000)])
def test_decompression_bombs_are_refused_before_decoding(width, height):
    data = files.png_bomb(width, height)
    assert len(data) < 64 * 1024  # kilobytes on the wire
    error = refusal(data, "bomb.png")
    assert error.code == UploadError.TOO_MANY_PIXELS


def test_a_png_named_pdf_is_stored_as_png(world, media):
    dossier = a_dossier(world, channel="counter").build()
    attachment = attachment_add(
        actor=world.officer_b1, dossier=dossier, uploaded=SimpleUploadedFile("giay-to.pdf", PNG)
    )
    assert attachment.content_type == "image/png" and attachment.file.name.endswith(".png")
    jpeg = attachment_add(actor=world.officer_b1, dossier=dossier, uploaded=SimpleUploadedFile("anh.png", JPEG))
    assert jpeg.content_type == "image/jpeg" and jpeg.file.name.endswith(".jpg")


def test_counter_intake_names_the_scan_field_of_a_hostile_pdf(client, world, media):
    from .test_views import intake_post

    client.force_login(world.officer_b1)
    first_doc = world.procedure.versions.get().documents.first()
    scan = SimpleUploadedFile("to-khai.pdf", files.pdf_deep_tree(3_000))
    response = client.post("/workspace/intake/", intake_post(world) | {f"file_{first_doc.pk}": scan})
    assert response.status_code == 200
    [error] = response.context["form"].errors.as_data()[f"file_{first_doc.pk}"]
    assert error.code == UploadError.DAMAGED and "to-khai.pdf" in error.message
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_a_result_file_that_is_a_bomb_is_refused_on_its_field(client, world, media):
    dossier = a_dossier(world).refused().build()
    client.force_login(world.lead)
    bomb = SimpleUploadedFile("ket-qua.png", files.png_bomb(20_000, 20_000))
    url = f"/workspace/dossiers/{dossier.code}/act/attach_result/"
    response = client.post(url, {"revision": dossier.revision, "file": bomb})
    assert response.status_code == 422
    offered = [response.context["primary"], *response.context["actions"], *response.context["destructive"]]
    form = next(form for action, _label, form in filter(None, offered) if action == "attach_result")
    assert [error.code for error in form.errors.as_data()["file"]] == [UploadError.TOO_MANY_PIXELS]
    assert not Attachment.objects.exists() and stored_files(media) == []
