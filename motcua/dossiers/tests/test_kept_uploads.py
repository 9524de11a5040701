"""Scans and result files survive a validation error on the workspace's forms: kept, shown, used when sent again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.forms import PENDING_FIELD
from motcua.core.models import PendingUpload
from motcua.dossiers.models import AttachmentKind, Dossier
from tests import files
from tests.builders import PDF, a_dossier

from .test_views import intake_post, login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(root, under=""):
    return [p for p in (root / under).rglob("*") if p.is_file()] if (root / under).exists() else []


def test_counter_intake_keeps_the_scans_through_a_validation_error(
    client, world, media, django_capture_on_commit_callbacks
):
    login(client, world, "officer_b1")
    first, second = world.procedure.versions.get().documents.all()[:2]
    scans = {
        f"file_{first.pk}": SimpleUploadedFile("to-khai.pdf", PDF),
        f"file_{second.pk}": SimpleUploadedFile("giay-chung-sinh.png", files.png()),
    }
    response = client.post("/workspace/intake/", intake_post(world, citizen_id="123") | scans)
    assert response.status_code == 200 and not Dossier.objects.exists()
    form = response.context["form"]
    assert set(form.pending) == {f"file_{first.pk}", f"file_{second.pk}"}
    html = response.content.decode()
    assert "Đã đính kèm" in html and "to-khai.pdf" in html and "giay-chung-sinh.png" in html
    assert f'name="{PENDING_FIELD}" value="{form.pending_token}"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/workspace/intake/", intake_post(world) | {PENDING_FIELD: form.pending_token})
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and dossier.state == "received"
    assert sorted(dossier.attachments.values_list("original_name", flat=True)) == ["giay-chung-sinh.png", "to-khai.pdf"]
    assert dossier.attachments.get(document__required=first).size == len(PDF)
    assert not PendingUpload.objects.exists() and not stored(media, "pending")


def test_counter_intake_replaces_and_removes_kept_scans(client, world, media):
    login(client, world, "officer_b1")
    first, second = world.procedure.versions.get().documents.all()[:2]
    scans = {
        f"file_{first.pk}": SimpleUploadedFile("cu.pdf", PDF),
        f"file_{second.pk}": SimpleUploadedFile("bo.png", files.png()),
    }
    token = client.post("/workspace/intake/", intake_post(world, citizen_id="1") | scans).context["form"].pending_token
    data = intake_post(world) | {
        PENDING_FIELD: token,
        f"file_{first.pk}": SimpleUploadedFile("moi.pdf", PDF + b"%new\n"),
        f"file_{second.pk}-remove": "1",
    }
    client.post("/workspace/intake/", data)
    dossier = Dossier.objects.get()
    assert list(dossier.attachments.values_list("original_name", flat=True)) == ["moi.pdf"]


def test_a_refused_scan_is_not_kept_but_the_others_are(client, world, media):
    login(client, world, "officer_b1")
    first, second = world.procedure.versions.get().documents.all()[:2]
    scans = {
        f"file_{first.pk}": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf"),
        f"file_{second.pk}": SimpleUploadedFile("ok.png", files.png()),
    }
    response = client.post("/workspace/intake/", intake_post(world) | scans)
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert list(PendingUpload.objects.values_list("field", "original_name")) == [(f"file_{second.pk}", "ok.png")]
    assert not Dossier.objects.exists()


def test_another_officers_token_brings_nothing(client, world, media):
    login(client, world, "officer_b1")
    first = world.procedure.versions.get().documents.first()
    scans = {f"file_{first.pk}": SimpleUploadedFile("to-khai.pdf", PDF)}
    token = client.post("/workspace/intake/", intake_post(world, citizen_id="1") | scans).context["form"].pending_token
    assert PendingUpload.objects.count() == 1
    PendingUpload.objects.update(owner=world.person("director"))  # as if another user had kept it
    client.post("/workspace/intake/", intake_post(world) | {PENDING_FIELD: token})
    assert not Dossier.objects.get().attachments.exists()
    assert PendingUpload.objects.count() == 1  # the other user's file is untouched


def test_a_result_file_survives_a_stale_page(client, world, media):
    builder = a_dossier(world, channel="counter").approved(result=False)
    dossier = builder.build()
    client.force_login(builder.handling_leader(dossier))
    url = f"/workspace/dossiers/{dossier.code}/act/attach_result/"
    upload = SimpleUploadedFile("quyet-dinh.pdf", PDF)
    response = client.post(url, {"revision": dossier.revision - 1, "file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Đã đính kèm" in html and "quyet-dinh.pdf" in html
    offered = [response.context["primary"], *response.context["actions"], *response.context["destructive"]]
    form = dict((a, f) for a, _label, f in filter(None, offered))["attach_result"]
    assert not form.is_bound and form["revision"].value() == dossier.revision  # a fresh form, with the kept file
    response = client.post(url, {"revision": dossier.revision, PENDING_FIELD: form.pending_token})
    assert response.status_code == 302
    result = dossier.attachments.get(kind=AttachmentKind.RESULT)
    assert result.original_name == "quyet-dinh.pdf" and result.size == len(PDF)
