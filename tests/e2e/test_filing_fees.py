"""A citizen files a birth registration online asking for three copies: the fee summary follows the copies as
they are typed, and the payment page and the receipt charge what the summary showed. The paper declaration and
the ID card scan of the verified citizen are not asked for."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.payments.models import Receipt
from tests.builders import PDF

from .conftest import ARTIFACTS
from .test_citizen_journey import fill_birth_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COPIES = "Số bản sao Giấy khai sinh đề nghị cấp"


@pytest.fixture
def citizen(world):
    user = world.applicant
    user.phone = "0912345678"
    user.save()
    return user


def test_three_copies_are_priced_before_filing_and_charged_the_same(
    as_user, live_server, world, citizen, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA = {**settings.MOTCUA, "DEMO": True}  # the demo bank confirms the transfer
    scan = tmp_path / "giay-chung-sinh.pdf"
    scan.write_bytes(PDF)
    page = as_user("applicant")
    page.goto(live_server.url + "/file/1.001193/")
    summary = page.locator("#fee-summary")
    expect(summary.locator("[data-fee-total]")).to_have_text("0 đ")  # no copy asked for yet
    expect(page.get_by_text("Không cần nộp khi nộp trực tuyến:")).to_be_visible()
    expect(page.locator(".doc-row").first).to_contain_text("Giấy chứng sinh")  # not the declaration, not the ID card
    fill_birth_form(page, world)
    page.get_by_label(COPIES).fill("1")
    page.get_by_label(COPIES).press("Tab")
    expect(summary.locator("[data-fee-total]")).to_have_text("8.000 đ")
    page.get_by_label(COPIES).fill("3")
    page.get_by_label(COPIES).press("Tab")
    expect(summary.locator("[data-fee-total]")).to_have_text("24.000 đ")
    expect(summary).to_contain_text("(3 × 8.000 đ)")
    page.locator(".doc-row").first.get_by_label("Hoặc tải lên (PDF, JPEG, PNG)").set_input_files(str(scan))
    screenshot("filing-fees-three-copies", page)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".page-head .state")).to_have_text("Chờ kiểm tra, tiếp nhận")
    dossier = Dossier.objects.get()
    assert dossier.form_data["so_ban_sao"] == 3

    page.get_by_role("link", name="Phí, lệ phí, thanh toán và biên lai").click()
    expect(page.get_by_text("Phí cấp bản sao Trích lục/Giấy khai sinh (nếu có yêu cầu) (3 × 8.000 đ)")).to_be_visible()
    expect(page.locator("tfoot strong")).to_have_text("24.000 đ")
    page.get_by_role("button", name=re.compile(r"^Thanh toán 24\.000 đ bằng chuyển khoản \(VietQR\)$")).click()
    page.get_by_role("button", name="Giả lập xác nhận của ngân hàng").click()
    expect(page.get_by_text("Ngân hàng đã xác nhận thanh toán", exact=False)).to_be_visible()
    screenshot("filing-fees-paid", page)
    receipt = Receipt.objects.get(dossier=dossier)
    assert receipt.amount == 24000
    assert [line["name"] for line in receipt.lines] == [
        "Phí cấp bản sao Trích lục/Giấy khai sinh (nếu có yêu cầu) (3 × 8.000 đ)"
    ]
    link = page.get_by_role("link", name=receipt.number).first
    pdf = page.request.get(live_server.url + link.get_attribute("href")).body()
    assert pdf.startswith(b"%PDF")
    (ARTIFACTS / "filing-fees-receipt.pdf").write_bytes(pdf)  # looked at as an image: pdftoppm -png -r 60


def test_the_fee_summary_on_a_phone(as_user, live_server, world, citizen, screenshot):
    page = as_user("applicant", width=360, height=780)
    page.goto(live_server.url + "/file/2.000635/")
    expect(page.get_by_text("Điền từ phần người nộp hồ sơ ở trên:", exact=False)).to_be_visible()
    page.get_by_label("Số lượng bản sao").fill("2")
    page.get_by_label("Số lượng bản sao").press("Tab")
    expect(page.locator("#fee-summary [data-fee-total]")).to_have_text("16.000 đ")
    screenshot("filing-fees-phone-360", page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways ({width}px)"
