"""Online filing asks nothing twice: not the paper declaration the e-form stands in for, not a verified
citizen's ID card scan, not the applicant's identity in the e-form; and the fee summary shown before submitting
is what the dossier and its receipt charge."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import AgentOrganisation
from motcua.catalog.models import DocumentKind, Procedure
from motcua.dossiers.models import Dossier
from motcua.payments import fees
from motcua.portal.filing import documents_not_asked
from tests.builders import BIRTH_FORM, PDF, a_citizen

pytestmark = pytest.mark.django_db
EXTRACT_COPIES = "2.000635"
EXTRACT_FORM = {"f_loai_trich_luc": "Giấy khai sinh", "f_ho_ten_nguoi_duoc_cap": "Nguyễn Minh Khôi"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA = {**settings.MOTCUA, "PROVINCE_CODE": "01"}


def version_of(code):
    return Procedure.objects.get(code=code).versions.get()


def doc(version, kind):
    return version.documents.get(kind=kind)


def uploads(version, user):
    """A file for every mandatory document the page asks `user` for."""
    skip = documents_not_asked(version, user)
    return {
        f"upload_{d.pk}": SimpleUploadedFile(f"d{d.pk}.pdf", PDF + f"%{d.pk}\n".encode())
        for d in version.documents.filter(mandatory=True)
        if d.pk not in skip
    }


def test_a_verified_citizen_is_not_asked_for_the_declaration_or_the_id_card(client, world):
    version = version_of("1.001193")
    citizen = world.applicant
    client.force_login(citizen)
    page = client.get("/file/1.001193/")
    form = page.context["form"]
    declaration, card = doc(version, DocumentKind.DECLARATION), doc(version, DocumentKind.CITIZEN_ID)
    html = page.content.decode()
    for skipped in (declaration, card):
        assert f"upload_{skipped.pk}" not in form.fields and f'name="upload_{skipped.pk}"' not in html
    assert f"upload_{version.documents.get(code='GCS').pk}" in form.fields  # the birth certificate is still asked
    assert "Không cần nộp khi nộp trực tuyến" in html
    data = {"commune": world.commune.code, "phone": "0912345678", "submit": "1"} | {
        f"f_{k}": v for k, v in BIRTH_FORM.items()
    }
    response = client.post("/file/1.001193/", data | uploads(version, citizen))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    presented = dict(dossier.documents.values_list("required__code", "presented"))
    assert presented["TK"] and presented["GTTT"] and presented["GCS"]  # counted as presented on the checklist
    assert not dossier.attachments.filter(document__required__in=[declaration, card]).exists()


def test_an_unverified_citizen_and_an_agent_are_asked_for_the_id_card(world):
    version = version_of("1.001193")
    card, declaration = doc(version, DocumentKind.CITIZEN_ID), doc(version, DocumentKind.DECLARATION)
    assert set(documents_not_asked(version, world.applicant)) == {card.pk, declaration.pk}
    assert set(documents_not_asked(version, a_citizen(verified=False))) == {declaration.pk}
    assert set(documents_not_asked(version, world.agent)) == {declaration.pk}


def test_an_agent_is_asked_for_the_id_card_on_the_page(client, world):
    agent = world.agent
    agent.agent_organisation = AgentOrganisation.objects.create(name="Đại lý Thăng Long", tax_code="0109999001")
    agent.save()
    version = version_of("1.001193")
    client.force_login(agent)
    form = client.get("/file/1.001193/").context["form"]
    assert f"upload_{doc(version, DocumentKind.CITIZEN_ID).pk}" in form.fields
    assert f"upload_{doc(version, DocumentKind.DECLARATION).pk}" not in form.fields


def test_the_counter_still_lists_every_paper_document(client, world):
    version = version_of("1.001193")
    client.force_login(world.officer_b1)
    html = client.get("/workspace/intake/?procedure=1.001193").content.decode()
    for kind in (DocumentKind.DECLARATION, DocumentKind.CITIZEN_ID):
        assert doc(version, kind).name[:40] in html


def test_the_applicants_identity_fills_the_eform(client, world):
    version = version_of(EXTRACT_COPIES)
    citizen = world.applicant
    client.force_login(citizen)
    page = client.get(f"/file/{EXTRACT_COPIES}/")
    form = page.context["form"]
    assert "f_so_dinh_danh" not in form.fields and "f_ho_ten_nguoi_yeu_cau" not in form.fields
    assert form["citizen_id"].value() == citizen.citizen_id and form["applicant_name"].value() == citizen.full_name
    assert "Điền từ phần người nộp hồ sơ" in page.content.decode()
    data = {"commune": world.commune.code, "phone": "0912345678", "submit": "1", "f_so_luong": "3"} | EXTRACT_FORM
    # a citizen cannot put another identity into the declaration
    data |= {"f_so_dinh_danh": "001199999999", "applicant_name": "Người khác"}
    response = client.post(f"/file/{EXTRACT_COPIES}/", data | uploads(version, citizen))
    assert response.status_code == 302, response.context["form"].errors
    dossier = Dossier.objects.get()
    assert dossier.form_data["so_dinh_danh"] == citizen.citizen_id
    assert dossier.form_data["ho_ten_nguoi_yeu_cau"] == citizen.full_name


def test_an_agent_types_the_citizens_identity_once(client, world):
    agent = world.agent
    agent.agent_organisation = AgentOrganisation.objects.create(name="Đại lý Thăng Long", tax_code="0109999001")
    agent.save()
    version = version_of(EXTRACT_COPIES)
    client.force_login(agent)
    data = {
        "commune": world.commune.code,
        "submit": "1",
        "f_so_luong": "1",
        "phone": "0912345678",
        "applicant_name": "Phạm Thị Hằng",
        "citizen_id": "001190098765",
        "confirm": "on",
        "authorisation": SimpleUploadedFile("uy-quyen.pdf", PDF),
    } | EXTRACT_FORM
    response = client.post(f"/file/{EXTRACT_COPIES}/", data | uploads(version, agent))
    assert response.status_code == 302, response.context["form"].errors
    dossier = Dossier.objects.get()
    assert dossier.form_data["so_dinh_danh"] == "001190098765"
    assert dossier.form_data["ho_ten_nguoi_yeu_cau"] == "Phạm Thị Hằng"


def test_a_missing_identity_for_a_required_eform_field_names_the_applicant_field(client, world):
    agent = world.agent
    agent.agent_organisation = AgentOrganisation.objects.create(name="Đại lý Thăng Long", tax_code="0109999001")
    agent.save()
    client.force_login(agent)
    response = client.post(
        f"/file/{EXTRACT_COPIES}/", {"commune": world.commune.code, "phone": "0912345678", "submit": "1"}
    )
    assert response.status_code == 200 and "citizen_id" in response.context["form"].errors


@pytest.mark.parametrize(("copies", "total"), [("0", "0 đ"), ("1", "8.000 đ"), ("3", "24.000 đ"), ("abc", "0 đ")])
def test_the_fee_summary_follows_the_copies(client, world, copies, total):
    client.force_login(world.applicant)
    response = client.get(f"/file/1.001193/fees/?f_so_ban_sao={copies}&case=")
    assert response.status_code == 200
    assert f"<strong data-fee-total>{total}</strong>" in response.content.decode()


def test_the_fee_summary_follows_a_request_and_a_case(client, world):
    client.force_login(world.applicant)
    not_requested = client.get("/file/1.000894/fees/?f_so_ban_sao=2").content.decode()
    requested = client.get("/file/1.000894/fees/?f_so_ban_sao=2&f_yeu_cau_ban_sao=on").content.decode()
    assert "<strong data-fee-total>0 đ</strong>" in not_requested
    assert "<strong data-fee-total>16.000 đ</strong>" in requested and "(2 × 8.000 đ)" in requested


def test_the_fee_summary_is_for_applicants_only(client, world):
    client.force_login(world.officer_b1)
    assert client.get("/file/1.001193/fees/?f_so_ban_sao=3").status_code == 403
    client.logout()
    assert client.get("/file/1.001193/fees/?f_so_ban_sao=3").status_code == 302


def test_the_summary_before_submitting_is_what_the_dossier_owes(client, world):
    version = version_of(EXTRACT_COPIES)
    citizen = world.applicant
    client.force_login(citizen)
    data = {"commune": world.commune.code, "phone": "0912345678", "f_so_luong": "3"} | EXTRACT_FORM
    shown = client.get(f"/file/{EXTRACT_COPIES}/fees/", data).context["fee_total"]
    client.post(f"/file/{EXTRACT_COPIES}/", data | {"submit": "1"} | uploads(version, citizen))
    dossier = Dossier.objects.get()
    assert shown == 24000 == fees.fee_summary(dossier).total
    assert [line.label for line in fees.dossier_fees(dossier)] == ["Phí cấp bản sao Trích lục hộ tịch (3 × 8.000 đ)"]
