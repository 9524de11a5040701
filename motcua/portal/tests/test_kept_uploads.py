"""Files survive a validation error on the citizen's and agent's forms: kept, shown as already attached, used when
the form is sent again; and online filing that fails late leaves no file behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import AgentOrganisation
from motcua.core.actors import SYSTEM
from motcua.core.forms import PENDING_FIELD
from motcua.core.models import PendingUpload
from motcua.datastore.models import StoredDocument
from motcua.dossiers import services
from motcua.dossiers.models import Authorisation, Dossier
from motcua.portal import filing
from tests import files
from tests.builders import BIRTH_FORM, PDF

from .test_citizen import citizen, filing_post, media  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def stored(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def asked_documents(version, citizen):  # noqa: F811
    """The mandatory documents online filing asks this citizen to upload (not the ones the e-form or their
    verified identity stands in for)."""
    not_asked = filing.documents_not_asked(version, citizen)
    return [doc for doc in version.documents.filter(mandatory=True) if doc.pk not in not_asked]


def kept_fields():
    return set(PendingUpload.objects.values_list("field", flat=True))


def test_online_filing_keeps_the_files_through_a_validation_error(
    client,
    world,
    citizen,  # noqa: F811
    tmp_path,
    django_capture_on_commit_callbacks,
):
    version = world.procedure.versions.get()
    asked = asked_documents(version, citizen)
    uploads = [f"upload_{doc.pk}" for doc in asked]
    client.force_login(citizen)
    data = filing_post(world, version)
    data.pop("f_ho_ten_tre")  # a required answer of the e-form is missing
    response = client.post("/file/1.001193/", data)
    assert response.status_code == 200 and not Dossier.objects.exists()
    form = response.context["form"]
    assert "f_ho_ten_tre" in form.errors and kept_fields() == set(uploads)
    html = response.content.decode()
    assert html.count("Đã đính kèm") >= len(uploads) and f'value="{form.pending_token}"' in html

    again = {k: v for k, v in filing_post(world, version).items() if k not in uploads}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/file/1.001193/", again | {PENDING_FIELD: form.pending_token})
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert dossier.attachments.filter(document__required__in=asked).count() == len(uploads)
    assert not PendingUpload.objects.exists() and not [name for name in stored(tmp_path) if "pending/" in name]


def test_a_required_file_removed_from_the_kept_ones_is_asked_for_again(client, world, citizen):  # noqa: F811
    version = world.procedure.versions.get()
    first = asked_documents(version, citizen)[0]
    client.force_login(citizen)
    data = filing_post(world, version)
    data.pop("f_ho_ten_tre")
    token = client.post("/file/1.001193/", data).context["form"].pending_token
    again = {k: v for k, v in filing_post(world, version).items() if not k.startswith("upload_")}
    response = client.post("/file/1.001193/", again | {PENDING_FIELD: token, f"upload_{first.pk}-remove": "1"})
    assert f"upload_{first.pk}" in response.context["form"].errors and not Dossier.objects.exists()
    assert f"upload_{first.pk}" not in kept_fields()


def test_agent_filing_keeps_the_signed_authorisation(client, world):
    agent = world.agent
    agent.agent_organisation = AgentOrganisation.objects.create(name="Đại lý Thăng Long", tax_code="0109999001")
    agent.save()
    client.force_login(agent)
    version = world.procedure.versions.get()
    applicant = {"applicant_name": "Phạm Thị Hằng", "citizen_id": "001190098765"}
    signed = SimpleUploadedFile("uy-quyen.pdf", PDF)
    response = client.post("/file/1.001193/", filing_post(world, version, authorisation=signed, **applicant))
    form = response.context["form"]
    assert "confirm" in form.errors and "authorisation" in kept_fields()  # the confirmation was not ticked
    assert "uy-quyen.pdf" in response.content.decode()
    again = {k: v for k, v in filing_post(world, version, confirm="on", **applicant).items() if "upload_" not in k}
    response = client.post("/file/1.001193/", again | {PENDING_FIELD: form.pending_token})
    assert response.status_code == 302
    authorisation = Authorisation.objects.get()
    assert authorisation.document.original_name == "uy-quyen.pdf" and authorisation.document.size == len(PDF)


def test_a_supplement_file_survives_a_stale_page(client, world, citizen):  # noqa: F811
    client.force_login(citizen)
    client.post("/file/1.001193/", filing_post(world, world.procedure.versions.get()))
    dossier = services.dossier_request_supplement_at_desk(actor=SYSTEM, dossier=Dossier.objects.get(), items=["x"])
    url = f"/my/dossiers/{dossier.code}/"
    upload = SimpleUploadedFile("bo-sung.pdf", PDF + b"%supplement\n")
    response = client.post(url, {"action": "supplement", "revision": dossier.revision - 1, "upload": upload})
    html = response.content.decode()
    assert "Đã đính kèm" in html and "bo-sung.pdf" in html
    form = response.context["supplement_form"]
    assert not form.is_bound and form["revision"].value() == dossier.revision  # a fresh form, with the kept file
    assert dossier.attachments.filter(kind="supplement").count() == 0
    response = client.post(
        url, {"action": "supplement", "revision": dossier.revision, PENDING_FIELD: form.pending_token}
    )
    assert response.status_code == 302
    assert dossier.attachments.get(kind="supplement").original_name == "bo-sung.pdf"


def test_a_data_store_upload_survives_a_missing_title(client, world, citizen):  # noqa: F811
    client.force_login(citizen)
    response = client.post("/my/documents/", {"file": SimpleUploadedFile("ho-khau.png", files.png())})
    form = response.context["form"]
    assert "title" in form.errors and kept_fields() == {"file"}
    assert "ho-khau.png" in response.content.decode()
    response = client.post("/my/documents/", {"title": "Sổ hộ khẩu", PENDING_FIELD: form.pending_token})
    assert response.status_code == 302
    assert StoredDocument.objects.get(citizen_id=citizen.citizen_id).original_name == "ho-khau.png"


def test_online_filing_that_fails_late_leaves_no_file(client, world, citizen, tmp_path, monkeypatch):  # noqa: F811
    """The citizen's uploads go to the data store and the dossier inside the filing's transaction: when a later
    step fails, those files go with the rolled-back rows."""

    def fail(**kwargs):
        raise RuntimeError("the last step failed")

    monkeypatch.setattr(filing, "idempotency_settle", fail)
    version = world.procedure.versions.get()
    uploads = {k: v for k, v in filing_post(world, version).items() if k.startswith("upload_")}
    with pytest.raises(RuntimeError):
        filing.online_file(
            actor=citizen,
            procedure=world.procedure,
            commune=world.commune,
            applicant={"phone": "0912345678"},
            form_data=dict(BIRTH_FORM),
            uploads={int(k.removeprefix("upload_")): v for k, v in uploads.items()},
            idempotency_key="k-1",
        )
    assert not Dossier.objects.exists() and not StoredDocument.objects.exists() and stored(tmp_path) == []
