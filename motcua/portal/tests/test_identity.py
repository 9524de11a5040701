"""A citizen ID is a verified identity attribute: it is never self-edited, and the data store, filing and
everything keyed by it trust only a verified one (the national identity login or an officer's check)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from motcua.datastore.models import StoredDocument
from motcua.datastore.services import document_for, document_upload, documents_of
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import attachment_add
from tests.builders import APPLICANT, BIRTH_FORM, PDF, a_citizen, pdf

pytestmark = pytest.mark.django_db
VICTIM_ID = "001190098765"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA = {**settings.MOTCUA, "PROVINCE_CODE": "01"}


@pytest.fixture
def victims_scan(world):
    """A citizen with no account yet filed at a counter: the officer's scan waits in the store of their ID."""
    version = world.procedure.versions.get()
    dossier = services.dossier_create(
        actor=world.officer_b1,
        procedure=world.procedure,
        channel="counter",
        receiving_unit=world.org.branch1,
        counter=world.org.counter1,
        commune=world.commune,
        applicant={**APPLICANT, "applicant_name": "Phạm Thị Hằng", "citizen_id": VICTIM_ID},
        documents=[services.PresentedDocument(d.pk, originals=1) for d in version.documents.filter(mandatory=True)],
    )
    attachment_add(
        actor=world.officer_b1,
        dossier=dossier,
        uploaded=pdf("cccd-hang.pdf"),
        document=dossier.documents.first(),
    )
    return StoredDocument.objects.get(citizen_id=VICTIM_ID)


def profile_post(**changes):
    return {"full_name": "Nguyễn Văn An", "phone": "0912345678", "email": "an@example.vn"} | changes


def test_the_profile_never_changes_a_citizen_id(client, world, victims_scan):
    citizen = world.applicant
    client.force_login(citizen)
    page = client.get("/my/profile/").content.decode()
    assert APPLICANT["citizen_id"] in page and "Đã xác minh" in page
    response = client.post("/my/profile/", profile_post(citizen_id=VICTIM_ID, full_name="Phạm Thị Hằng"))
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.citizen_id == APPLICANT["citizen_id"] and citizen.full_name == APPLICANT["applicant_name"]
    assert citizen.phone == "0912345678"  # contact details stay the citizen's to edit
    assert victims_scan not in documents_of(citizen)


def test_an_unverified_account_cannot_claim_a_citizen_id(client, world, victims_scan):
    newcomer = a_citizen(verified=False)
    client.force_login(newcomer)
    page = client.get("/my/profile/").content.decode()
    assert "VNeID" in page and "quầy" in page  # how to get the identity verified
    client.post("/my/profile/", profile_post(citizen_id=VICTIM_ID))
    newcomer.refresh_from_db()
    assert newcomer.citizen_id == "" and newcomer.verified_citizen_id == ""
    assert not documents_of(newcomer).exists()


def test_a_self_declared_citizen_id_opens_no_data_store_and_files_nothing(client, world, victims_scan):
    """An account that declared someone's citizen ID before IDs were verified: the claim grants nothing."""
    impostor = a_citizen(verified=False, citizen_id=VICTIM_ID)
    assert not documents_of(impostor).exists()
    with pytest.raises(Http404):
        document_for(impostor, victims_scan.pk)
    with pytest.raises(PermissionDenied):
        document_upload(actor=impostor, uploaded=pdf("x.pdf"), title="x")

    client.force_login(impostor)
    assert client.get(f"/my/documents/{victims_scan.pk}/").status_code == 404
    assert "cccd-hang.pdf" not in client.get("/my/documents/").content.decode()
    page = client.get("/file/1.001193/", follow=True)
    assert page.redirect_chain[-1][0] == "/my/profile/"
    assert "VNeID" in page.content.decode()
    version = world.procedure.versions.get()
    data = {"commune": world.commune.code, "phone": "0912345678", "submit": "1"}
    data |= {f"f_{k}": v for k, v in BIRTH_FORM.items()}
    for doc in version.documents.filter(mandatory=True):
        data[f"upload_{doc.pk}"] = SimpleUploadedFile(f"d{doc.pk}.pdf", PDF + f"%{doc.pk}\n".encode())
    client.post("/file/1.001193/", data)
    body = {
        "procedure_code": "1.001193",
        "commune_code": world.commune.code,
        "applicant": {**APPLICANT, "applicant_name": "Phạm Thị Hằng", "citizen_id": VICTIM_ID},
        "form_data": BIRTH_FORM,
    }
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 403 and "VNeID" in response.json()["detail"]
    assert not Dossier.objects.filter(channel="online").exists()
