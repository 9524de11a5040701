"""Who reads a dossier: the applicant on the portal (results once issued), staff through their processing roles.

The whole role × route matrix is tests/authz/test_matrix.py; these are the two defects it was written for.
"""

import pytest

from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.services import attachment_add, result_attach
from tests.builders import a_dossier, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def approved_with_result(world) -> tuple[Dossier, Attachment]:
    """Filed online by `applicant`, approved by the commune, the result attached but not issued."""
    dossier = a_dossier(world).build()
    attachment_add(actor=world.applicant, dossier=dossier, uploaded=pdf("to-khai.pdf"))
    dossier = services.dossier_receive(actor=SYSTEM, dossier=dossier)
    dossier = services.dossier_forward(actor=SYSTEM, dossier=dossier)
    dossier = services.dossier_approve(actor=SYSTEM, dossier=dossier)
    result = result_attach(actor=SYSTEM, dossier=Dossier.objects.get(pk=dossier.pk), uploaded=pdf("giay-khai-sinh.pdf"))
    return Dossier.objects.get(pk=dossier.pk), result


def test_the_applicant_uses_the_portal_not_the_staff_pages(client, world):
    dossier, result = approved_with_result(world)
    client.force_login(world.applicant)
    staff = f"/workspace/dossiers/{dossier.code}/"
    for url in (staff, f"{staff}files/{result.pk}/", f"{staff}forms/receipt.pdf", f"{staff}forms/control-sheet.pdf"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/my/dossiers/{dossier.code}/").status_code == 200


def test_a_result_reaches_the_applicant_only_once_issued(client, world):
    dossier, result = approved_with_result(world)
    scan = dossier.attachments.get(kind="submission")
    client.force_login(world.applicant)
    mine = f"/my/dossiers/{dossier.code}/"
    page = client.get(mine).content.decode()
    assert "giay-khai-sinh.pdf" not in page and f"files/{result.pk}/" not in page
    assert client.get(f"{mine}files/{result.pk}/").status_code == 404
    assert client.get(f"{mine}files/{scan.pk}/").status_code == 200  # their own upload
    sheet = client.get(f"{mine}forms/control-sheet.pdf")
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"

    services.dossier_issue_result(actor=SYSTEM, dossier=dossier)
    page = client.get(mine).content.decode()
    assert f"{mine}files/{result.pk}/" in page
    response = client.get(f"{mine}files/{result.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")

    client.force_login(world.other_citizen)
    assert client.get(f"{mine}files/{result.pk}/").status_code == 404
    assert client.get(f"{mine}forms/receipt.pdf").status_code == 404


def test_the_applicants_control_sheet_leaves_out_the_internal_steps(world):
    from motcua.dossiers import printouts

    dossier, _result = approved_with_result(world)
    internal = [e.action for e in printouts.sheet_events(dossier, internal=True)]
    public = [e.action for e in printouts.sheet_events(dossier, internal=False)]
    assert "attach_result" in internal and "attach_result" not in public
    assert {"submit", "receive", "approve"} <= set(public)


def test_the_administrator_reads_no_dossier(client, world):
    """An administrator of the centre (where the desk steps are) administers; reading follows processing roles."""
    from motcua.payments import services as payments

    dossier, result = approved_with_result(world)
    receipt = payments.payment_cash(actor=world.officer_c, dossier=dossier, amount=8000).receipt
    client.force_login(world.admin)
    staff = f"/workspace/dossiers/{dossier.code}/"
    for url in (
        staff,
        f"{staff}files/{result.pk}/",
        f"{staff}forms/receipt.pdf",
        f"{staff}forms/control-sheet.pdf",
        f"/payments/dossiers/{dossier.code}/",
        f"/payments/receipts/{receipt.number}.pdf",
        f"/api/v1/dossiers/{dossier.code}",
        "/workspace/",
        "/reports/",
        "/reports/dashboard/",
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.get("/admin/").status_code == 200  # administering stays
    assert client.get("/admin/payments/receipt/").status_code == 404  # receipts are dossier data, not reference data
    # The processing roles of the same centre still read it.
    for who in ("officer_c", "officer_b1", "director", "spec", "lead"):
        client.force_login(world.person(who))
        assert client.get(staff).status_code == 200, who


def test_the_workspace_link_is_for_the_processing_roles(client, world):
    from tests.builders import a_user

    for who, shown in (("officer_b1", True), ("spec", True), ("admin", False), ("applicant", False)):
        client.force_login(world.person(who))
        assert ('href="/workspace/"' in client.get("/").content.decode()) is shown, who
    client.force_login(a_user(username="root", is_superuser=True))
    home = client.get("/").content.decode()
    assert 'href="/workspace/"' not in home and 'href="/admin/"' in home
