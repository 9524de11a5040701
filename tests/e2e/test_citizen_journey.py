"""A citizen files online with the e-form and a document from their data store, answers a supplement
request, and downloads the electronic result; an agent files for a citizen with an authorisation."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import AgentOrganisation
from motcua.datastore.models import StoredDocument
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import result_attach
from tests.builders import BIRTH_FORM, PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_birth_form(page, world):
    page.get_by_label("Xã, phường liên quan").select_option(label=world.commune.name)
    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill(BIRTH_FORM["ho_ten_tre"])
    page.get_by_label("Giới tính").select_option("Nam")
    page.get_by_label("Ngày, tháng, năm sinh").fill(BIRTH_FORM["ngay_sinh"])
    page.get_by_label("Nơi sinh", exact=False).fill(BIRTH_FORM["noi_sinh"])
    page.get_by_label("Dân tộc").fill("Kinh")
    page.get_by_label("Quê quán").fill("Hà Nội")
    page.get_by_label("Họ, chữ đệm, tên của mẹ").fill(BIRTH_FORM["ho_ten_me"])
    page.get_by_label("Quan hệ của người yêu cầu với trẻ").select_option("Cha")


def test_citizen_files_answers_a_supplement_and_gets_the_result(
    as_user, live_server, world, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    citizen = world.applicant
    desk, leader = world.officer_c, world.lead  # the centre's desk, the committee's leader
    citizen.citizen_id, citizen.phone = "001088012345", "0912345678"
    citizen.save()
    scans = []
    for i in range(3):
        scan = tmp_path / f"scan{i}.pdf"
        scan.write_bytes(PDF + f"%{i}\n".encode())
        scans.append(scan)

    page = as_user("applicant", width=390, height=844)  # a phone
    page.goto(live_server.url + "/my/documents/")
    page.get_by_label("Tên giấy tờ").fill("Căn cước công dân")
    page.get_by_label("Tệp (PDF, JPEG, PNG)").set_input_files(str(scans[0]))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu vào kho dữ liệu của bạn.")).to_be_visible()

    page.goto(live_server.url + "/file/?q=khai+sinh")
    page.get_by_role("link", name="1.001193 Thủ tục đăng ký khai sinh").click()
    fill_birth_form(page, world)
    rows = page.locator(".doc-row")
    rows.nth(0).get_by_label("Hoặc tải lên (PDF, JPEG, PNG)").set_input_files(str(scans[1]))
    rows.nth(1).get_by_label("Hoặc tải lên (PDF, JPEG, PNG)").set_input_files(str(scans[2]))
    rows.nth(2).get_by_label("Lấy từ kho dữ liệu của tôi").select_option(label="Căn cước công dân")
    screenshot("citizen-filing", page)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".page-head .state")).to_have_text("Chờ kiểm tra, tiếp nhận")
    dossier = Dossier.objects.get()
    assert dossier.attachments.count() == 3

    services.dossier_request_supplement_at_desk(actor=desk, dossier=dossier, items=["Bản sao giấy chứng sinh"])
    page.reload()
    expect(page.get_by_text("Bản sao giấy chứng sinh")).to_be_visible()
    page.get_by_label("Hoặc lấy từ kho dữ liệu của tôi").select_option(label="Căn cước công dân")
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(page.get_by_text("Đã gửi hồ sơ bổ sung.", exact=False)).to_be_visible()

    dossier = services.dossier_forward(actor=desk, dossier=services.dossier_receive(actor=desk, dossier=dossier))
    services.dossier_request_payment(actor=world.spec, dossier=dossier, amount=8000, note="Lệ phí cấp bản sao")
    settings.MOTCUA = {**settings.MOTCUA, "DEMO": True}  # the demo bank confirms the transfer
    page.goto(live_server.url + f"/my/dossiers/{dossier.code}/")
    page.get_by_role("link", name="Phí, lệ phí, thanh toán và biên lai").click()
    page.get_by_role("button", name=re.compile(r"^Thanh toán .* bằng chuyển khoản \(VietQR\)$")).click()
    expect(page.get_by_text("Nội dung chuyển khoản (mã thanh toán)")).to_be_visible()
    screenshot("citizen-vietqr", page)
    page.get_by_role("button", name="Giả lập xác nhận của ngân hàng").click()
    expect(page.get_by_text("Ngân hàng đã xác nhận thanh toán", exact=False)).to_be_visible()
    receipt = page.get_by_role("link", name="BL", exact=False).first
    assert page.request.get(live_server.url + receipt.get_attribute("href")).body().startswith(b"%PDF")
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.state == "in_process"  # paying moved it on

    dossier = services.dossier_approve(actor=leader, dossier=dossier)
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(PDF + b"%result\n")
    from django.core.files.uploadedfile import SimpleUploadedFile

    result_attach(actor=leader, dossier=dossier, uploaded=SimpleUploadedFile("giay-khai-sinh.pdf", result.read_bytes()))
    services.dossier_issue_result(actor=leader, dossier=Dossier.objects.get(pk=dossier.pk))
    page.goto(live_server.url + f"/my/dossiers/{dossier.code}/")
    link = page.get_by_role("link", name="giay-khai-sinh.pdf")
    expect(link).to_be_visible()
    download = page.request.get(live_server.url + link.get_attribute("href"))
    assert download.ok and download.body().startswith(b"%PDF")
    screenshot("citizen-result", page)
    page.goto(live_server.url + "/my/documents/")
    expect(page.get_by_text("Kết quả cấp cho bạn")).to_be_visible()
    assert StoredDocument.objects.filter(citizen_id="001088012345", source="result").exists()

    services.dossier_return_result(actor=desk, dossier=Dossier.objects.get(pk=dossier.pk), method="online")
    page.goto(live_server.url + f"/my/dossiers/{dossier.code}/")
    page.get_by_role("link", name="Đánh giá dịch vụ").click()
    expect(page.locator("fieldset.criterion")).to_have_count(9)
    for group in page.locator("fieldset.criterion").all():
        group.get_by_text("Rất hài lòng").click()
    page.get_by_label("Bạn muốn góp ý thêm", exact=False).fill("Cán bộ hướng dẫn tận tình.")
    screenshot("citizen-rating", page)
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Xin cảm ơn", exact=False).first).to_be_visible()
    from motcua.feedback.models import Rating

    rating = Rating.objects.get(dossier=dossier)
    assert rating.score == 18 and rating.satisfied


def test_agent_files_for_a_citizen(as_user, live_server, world, tmp_path, settings, screenshot):
    settings.MEDIA_ROOT = tmp_path
    agent = world.agent
    agent.agent_organisation = AgentOrganisation.objects.create(name="Đại lý Thăng Long", tax_code="0109999001")
    agent.save()
    files = []
    for i in range(4):
        path = tmp_path / f"f{i}.pdf"
        path.write_bytes(PDF + f"%{i}\n".encode())
        files.append(path)
    page = as_user("agent")
    page.goto(live_server.url + "/file/1.001193/")
    page.get_by_label("Họ và tên người nộp hồ sơ").fill("Phạm Thị Hằng")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("001190098765")
    page.get_by_label("Điện thoại").fill("0987000111")
    fill_birth_form(page, world)
    rows = page.locator(".doc-row")
    for i in range(3):
        rows.nth(i).get_by_label("Hoặc tải lên (PDF, JPEG, PNG)").set_input_files(str(files[i]))
    page.get_by_label("Văn bản ủy quyền có chữ ký của người dân").set_input_files(str(files[3]))
    page.get_by_label("Tôi xác nhận", exact=False).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".page-head .state")).to_have_text("Chờ kiểm tra, tiếp nhận")
    screenshot("agent-filed", page)
    dossier = Dossier.objects.get()
    assert dossier.authorisation.organisation.name == "Đại lý Thăng Long"
