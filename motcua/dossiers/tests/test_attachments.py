import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from motcua.dossiers.attachments import attachment_add, result_attach
from motcua.dossiers.models import Attachment

from .conftest import PDF, file_at_counter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


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
    dossier = file_at_counter(world)
    data = content or two_page_pdf()
    attachment = attachment_add(
        actor=world["people"]["officer_b1"],
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
    dossier = file_at_counter(world)
    with pytest.raises(ValidationError) as err:
        # ContentFile keeps the name as given (Django's own upload handling would already strip directories)
        attachment_add(actor=world["people"]["officer_b1"], dossier=dossier, uploaded=ContentFile(content, name=name))
    assert message in " ".join(err.value.message_dict["file"])
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_only_the_desk_or_the_applicant_add_scans(world, media):
    dossier = file_at_counter(world)
    with pytest.raises(PermissionDenied):
        attachment_add(
            actor=world["people"]["spec_justice"], dossier=dossier, uploaded=SimpleUploadedFile("a.png", PNG)
        )
    assert stored_files(media) == []


def test_a_refused_result_removes_its_stored_file(world, media):
    dossier = file_at_counter(world)  # not yet approved: attaching a result is not possible
    with pytest.raises(ValidationError):
        result_attach(actor=None, dossier=dossier, uploaded=SimpleUploadedFile("kq.pdf", PDF))
    assert not Attachment.objects.exists() and stored_files(media) == []
