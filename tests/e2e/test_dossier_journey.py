"""Counter intake → receipt → processing with a supplement → result → return → public lookup."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from tests.builders import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def act(page, label, fill=None):
    """Open the action's panel on the dossier page, fill it, and submit it."""
    panel = page.locator("details", has=page.locator("summary", has_text=label))
    if panel.count():
        panel.locator("summary").click()
    else:  # the expected next action is shown open, first
        panel = page.locator(".primary-action")
    for field, value in (fill or {}).items():
        panel.get_by_label(field).fill(value) if not callable(value) else value(panel)
    panel.get_by_role("button", name=label).click()
    expect(page.get_by_text(f"Đã thực hiện: {label}.")).to_be_visible()


def test_a_dossier_from_the_counter_to_the_public_lookup(world, live_server, as_user, screenshot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    officer = as_user("officer_b1")
    officer.goto(live_server.url + "/workspace/intake/?q=dang+ky+khai+sinh")
    officer.get_by_role("link", name="1.001193 Thủ tục đăng ký khai sinh").click()
    officer.get_by_label("Quầy").select_option(index=1)
    officer.get_by_role("combobox", name="Xã, phường liên quan").select_option(label=world.commune.name)
    officer.get_by_label("Họ và tên / tên tổ chức").fill("Đặng Thu Hà")
    officer.get_by_label("Số định danh cá nhân (12 chữ số)").fill("001190012345")
    officer.get_by_label("Điện thoại").fill("0912345678")
    officer.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(officer.locator(".page-head .state")).to_have_text("Đã tiếp nhận")
    screenshot("dossier-received", officer)
    code = Dossier.objects.get().code
    receipt = officer.request.get(live_server.url + f"/workspace/dossiers/{code}/forms/receipt.pdf")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf" and receipt.body().startswith(b"%PDF")
    act(officer, "Chuyển bước tiếp theo")

    specialist = as_user("spec")
    specialist.goto(live_server.url + "/workspace/?list=steps")
    specialist.get_by_role("link", name=code).click()
    act(specialist, "Nhận xử lý bước này")
    act(specialist, "Yêu cầu bổ sung", {"Nội dung (mỗi dòng một nội dung)": "Bản sao Giấy chứng sinh"})
    expect(specialist.locator(".page-head .state")).to_have_text("Yêu cầu bổ sung")

    officer.goto(live_server.url + f"/workspace/dossiers/{code}/")
    act(officer, "Đã nhận bổ sung")
    specialist.goto(live_server.url + f"/workspace/dossiers/{code}/")
    act(specialist, "Chuyển bước tiếp theo")

    leader = as_user("lead")
    leader.goto(live_server.url + f"/workspace/dossiers/{code}/")
    act(leader, "Phê duyệt")
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(PDF)
    act(
        leader,
        "Đính kèm kết quả",
        {
            "Tệp kết quả (PDF, JPEG, PNG)": lambda panel: panel.get_by_label(
                "Tệp kết quả (PDF, JPEG, PNG)"
            ).set_input_files(str(result))
        },
    )
    act(leader, "Ban hành kết quả")
    screenshot("dossier-result-ready", leader)

    officer.goto(live_server.url + f"/workspace/dossiers/{code}/")
    act(officer, "Trả kết quả")
    expect(officer.locator(".page-head .state")).to_have_text("Đã trả kết quả")
    screenshot("dossier-returned", officer)

    citizen = officer.context.browser.new_page()
    citizen.goto(live_server.url + "/lookup/")
    citizen.get_by_label("Mã hồ sơ (trên giấy tiếp nhận)").fill(code)
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.get_by_text("Đặng T** H**")).to_be_visible()
    expect(citizen.locator(".card .state")).to_have_text("Đã trả kết quả")
    assert "001190012345" not in citizen.content()
    screenshot("public-lookup", citizen)
    citizen.close()
    assert list(Dossier.objects.get().events.values_list("action", flat=True)) == [
        "submit",
        "receive",
        "forward",
        "claim",
        "request_supplement",
        "receive_supplement",
        "forward",
        "approve",
        "attach_result",
        "issue_result",
        "return_result",
    ]
