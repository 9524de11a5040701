"""Citizens and agents online: filing with an e-form and stored documents, drafts, their dossiers, the data
store, and that nobody ever sees another's dossier or document."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import AccountKind, AgentOrganisation
from motcua.core.actors import SYSTEM
from motcua.datastore.models import StoredDocument
from motcua.datastore.services import document_upload
from motcua.dossiers import services
from motcua.dossiers.models import Authorisation, Dossier
from motcua.dossiers.services import result_attach
from motcua.portal.models import FilingDraft
from tests import files
from tests.builders import BIRTH_FORM, PDF, a_citizen, a_user, an_agent, pdf

pytestmark = pytest.mark.django_db
PNG = files.png()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA = {**settings.MOTCUA, "PROVINCE_CODE": "01"}


@pytest.fixture
def citizen(world):
    user = world.applicant
    user.citizen_id, user.phone, user.email = "001088012345", "0912345678", "an@example.vn"
    user.save()
    return user


def filing_post(world, version, **extra):
    data = {"commune": world.commune.code, "phone": "0912345678", "submit": "1"}
    data |= {f"f_{k}": v for k, v in BIRTH_FORM.items()}
    for doc in version.documents.filter(mandatory=True):
        distinct = PDF + f"%doc {doc.pk}\n".encode()  # different bytes for each document
        data[f"upload_{doc.pk}"] = SimpleUploadedFile(f"doc{doc.pk}.pdf", distinct)
    return data | extra


def test_citizen_files_online_with_eform_and_a_stored_document(client, world, citizen):
    version = world.procedure.versions.get()
    stored = document_upload(actor=citizen, uploaded=SimpleUploadedFile("cccd.png", PNG), title="Căn cước")
    first = version.documents.filter(mandatory=True, kind="").first()
    client.force_login(citizen)
    page = client.get("/file/1.001193/").content.decode()
    assert "Họ, chữ đệm, tên của trẻ" in page and "001088012345" in page  # e-form rendered, profile prefilled
    data = filing_post(world, version)
    data.pop(f"upload_{first.pk}")
    data[f"stored_{first.pk}"] = stored.pk
    response = client.post("/file/1.001193/", data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == f"/my/dossiers/{dossier.code}/"
    assert dossier.channel == "online" and dossier.state == "submitted" and dossier.submitted_by == citizen
    assert dossier.applicant_name == citizen.full_name and dossier.citizen_id == "001088012345"
    assert dossier.form_data["ho_ten_tre"] == BIRTH_FORM["ho_ten_tre"]
    reused = dossier.attachments.get(document__required=first)
    assert reused.file.name == stored.file.name  # reused, not uploaded again
    # the new uploads went to the citizen's store as well
    assert (
        StoredDocument.objects.filter(citizen_id="001088012345").count()
        == version.documents.filter(mandatory=True, kind="").count()
    )


def test_filing_errors_name_the_field_and_write_nothing(client, world, citizen):
    version = world.procedure.versions.get()
    client.force_login(citizen)
    data = filing_post(world, version, f_gioi_tinh="Khác", f_so_dinh_danh_me="123")
    first = version.documents.filter(mandatory=True, kind="").first()
    data[f"upload_{first.pk}"] = SimpleUploadedFile("virus.pdf", b"MZ\x90 not a pdf")
    response = client.post("/file/1.001193/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "Vui lòng sửa các trường" in html
    assert not Dossier.objects.exists()


def test_drafts_are_saved_and_resumed(client, world, citizen):
    version = world.procedure.versions.get()
    client.force_login(citizen)
    response = client.post(
        "/file/1.001193/", {"commune": world.commune.code, "f_ho_ten_tre": "Lê Minh Châu", "save": "1"}
    )
    draft = FilingDraft.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"?draft={draft.pk}")
    assert draft.data["f_ho_ten_tre"] == "Lê Minh Châu" and not Dossier.objects.exists()
    assert "Lê Minh Châu" in client.get(response.url).content.decode()
    data = filing_post(world, version, draft=draft.pk)
    client.post("/file/1.001193/", data)
    assert Dossier.objects.count() == 1 and not FilingDraft.objects.exists()
    other = a_citizen()
    client.force_login(other)
    assert client.get(f"/file/1.001193/?draft={draft.pk}").status_code in (302, 404)


def test_my_dossier_supplement_withdraw_and_result(client, world, citizen):
    version = world.procedure.versions.get()
    client.force_login(citizen)
    client.post("/file/1.001193/", filing_post(world, version))
    dossier = Dossier.objects.get()
    dossier = services.dossier_request_supplement_at_desk(
        actor=SYSTEM, dossier=dossier, items=["Bản sao giấy chứng sinh"]
    )
    page = client.get(f"/my/dossiers/{dossier.code}/").content.decode()
    assert "Bản sao giấy chứng sinh" in page
    client.post(
        f"/my/dossiers/{dossier.code}/",
        {"action": "supplement", "revision": dossier.revision, "upload": SimpleUploadedFile("bo-sung.pdf", PDF)},
    )
    dossier.refresh_from_db()
    assert dossier.state == "submitted" and dossier.attachments.filter(kind="supplement").count() == 1
    dossier = services.dossier_forward(actor=SYSTEM, dossier=services.dossier_receive(actor=SYSTEM, dossier=dossier))
    dossier = services.dossier_approve(actor=SYSTEM, dossier=dossier)
    result = SimpleUploadedFile("giay-khai-sinh.pdf", PDF + b"%result\n")
    result_attach(actor=SYSTEM, dossier=dossier, uploaded=result)
    dossier = services.dossier_issue_result(actor=SYSTEM, dossier=Dossier.objects.get(pk=dossier.pk))
    page = client.get(f"/my/dossiers/{dossier.code}/").content.decode()
    result = dossier.attachments.get(kind="result")
    assert "giay-khai-sinh.pdf" in page
    assert client.get(f"/my/dossiers/{dossier.code}/files/{result.pk}/").status_code == 200
    assert StoredDocument.objects.filter(citizen_id="001088012345", source="result").count() == 1  # in the store
    assert client.get(f"/my/dossiers/{dossier.code}/forms/receipt.pdf").status_code == 200
    assert client.get(f"/workspace/dossiers/{dossier.code}/").status_code == 403  # staff pages are for staff


def test_citizen_withdraws_before_a_decision(client, world, citizen):
    client.force_login(citizen)
    client.post("/file/1.001193/", filing_post(world, world.procedure.versions.get()))
    dossier = Dossier.objects.get()
    client.post(f"/my/dossiers/{dossier.code}/", {"action": "withdraw", "revision": dossier.revision, "reason": "Nhầm"})
    dossier.refresh_from_db()
    assert dossier.state == "withdrawn"


def test_agent_files_on_behalf_with_the_citizens_authorisation(client, world):
    agency = AgentOrganisation.objects.create(name="Công ty TNHH Đại lý Thăng Long", tax_code="0109999001")
    agent = world.agent
    agent.agent_organisation = agency
    agent.save()
    version = world.procedure.versions.get()
    client.force_login(agent)
    data = filing_post(world, version, applicant_name="Phạm Thị Hằng", citizen_id="001190098765")
    missing = client.post("/file/1.001193/", data)
    assert "authorisation" in missing.context["form"].errors and not Dossier.objects.exists()
    data = filing_post(
        world,
        version,
        applicant_name="Phạm Thị Hằng",
        citizen_id="001190098765",
        confirm="on",
        authorisation=SimpleUploadedFile("uy-quyen.pdf", PDF),
    )
    client.post("/file/1.001193/", data)
    dossier = Dossier.objects.get()
    authorisation = Authorisation.objects.get(dossier=dossier)
    assert authorisation.organisation == agency and authorisation.citizen_id == "001190098765"
    assert dossier.submitted_by == agent and dossier.applicant_name == "Phạm Thị Hằng"
    assert dossier.code in client.get("/my/dossiers/").content.decode()
    other_agent = an_agent(agent_organisation=agency)
    client.force_login(other_agent)
    assert dossier.code not in client.get("/my/dossiers/").content.decode()  # only the dossiers they filed
    assert client.get(f"/my/dossiers/{dossier.code}/").status_code == 404


@pytest.mark.parametrize("who", ["other_citizen", "agent", "officer_b2_unrelated", "anonymous"])
def test_nobody_else_sees_a_citizens_dossier_or_documents(client, world, citizen, who):
    client.force_login(citizen)
    client.post("/file/1.001193/", filing_post(world, world.procedure.versions.get()))
    dossier = Dossier.objects.get()
    document = StoredDocument.objects.filter(citizen_id=citizen.citizen_id).first()
    attachment = dossier.attachments.first()
    client.logout()
    if who == "officer_b2_unrelated":
        user = a_user(kind=AccountKind.STAFF)  # staff without a role in this centre
    elif who != "anonymous":
        user = world.person(who)
    if who != "anonymous":
        client.force_login(user)
    for url in (
        f"/my/dossiers/{dossier.code}/",
        f"/my/documents/{document.pk}/",
        f"/workspace/dossiers/{dossier.code}/files/{attachment.pk}/",
        f"/workspace/dossiers/{dossier.code}/forms/receipt.pdf",
        f"/my/dossiers/{dossier.code}/files/{attachment.pk}/",
        f"/my/dossiers/{dossier.code}/forms/receipt.pdf",
        f"/api/v1/dossiers/{dossier.code}",
    ):
        assert client.get(url).status_code in (302, 401, 403, 404), url
    if who != "anonymous":
        listing = client.get("/my/dossiers/")
        assert listing.status_code == 403 or dossier.code not in listing.content.decode()


def test_data_store_upload_and_duplicates(client, world, citizen):
    client.force_login(citizen)
    response = client.post("/my/documents/", {"title": "Sổ hộ khẩu", "file": SimpleUploadedFile("a.png", PNG)})
    assert response.status_code == 302
    client.post("/my/documents/", {"title": "Lần nữa", "file": SimpleUploadedFile("b.png", PNG)})
    assert StoredDocument.objects.filter(citizen_id=citizen.citizen_id).count() == 1  # same bytes kept once
    bad = client.post("/my/documents/", {"title": "x", "file": SimpleUploadedFile("x.pdf", b"nope")})
    assert "không phải PDF, JPEG hoặc PNG" in bad.content.decode()
    assert "Sổ hộ khẩu" in client.get("/my/documents/").content.decode()


def test_counter_scans_reach_the_citizens_store(world, citizen):
    from motcua.dossiers.services import attachment_add
    from tests.builders import a_dossier

    dossier = a_dossier(world, channel="counter").build()
    attachment_add(
        actor=world.officer_b1,
        dossier=dossier,
        uploaded=pdf("scan.pdf"),
        document=dossier.documents.first(),
    )
    stored = StoredDocument.objects.get(citizen_id=dossier.citizen_id)
    assert stored.source == "digitised" and stored.dossier == dossier


def test_profile_validates_contact_details(client, world, citizen):
    client.force_login(citizen)
    response = client.post("/my/profile/", {"phone": "12", "email": "not an email"})
    assert {"phone", "email"} <= set(response.context["form"].errors)
    citizen.refresh_from_db()
    assert citizen.phone == "0912345678"


def test_staff_cannot_use_citizen_pages(client, world):
    client.force_login(world.officer_b1)
    assert client.get("/file/").status_code == 403
    assert client.get("/my/dossiers/").status_code == 403


def test_my_dossier_page_query_count_does_not_grow_with_its_history(client, world, citizen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(citizen)
    client.post("/file/1.001193/", filing_post(world, world.procedure.versions.get()))
    dossier = services.dossier_receive(actor=SYSTEM, dossier=Dossier.objects.get())
    dossier = services.dossier_forward(actor=SYSTEM, dossier=dossier)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/my/dossiers/{dossier.code}/").status_code == 200
        return len(queries)

    before = count()
    dossier = services.dossier_forward(actor=SYSTEM, dossier=dossier)  # one more event, at another unit
    assert dossier.state == "in_process"
    assert count() == before
