"""Scans survive a validation error: an officer's counter intake and a citizen's online filing are refused once,
show the files as already attached, and the corrected form files them without attaching them again."""

import pytest
from playwright.sync_api import expect

from motcua.core.models import PendingUpload
from motcua.dossiers.models import Dossier
from tests.builders import PDF

from .test_citizen_journey import fill_birth_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scans(tmp_path, *names):
    paths = []
    for i, name in enumerate(names):
        path = tmp_path / name
        path.write_bytes(PDF + f"%{i}\n".encode())
        paths.append(path)
    return paths


def test_counter_intake_keeps_the_scans_through_a_validation_error(
    world, live_server, as_user, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    declaration, certificate = scans(tmp_path, "to-khai-dang-ky-khai-sinh.pdf", "giay-chung-sinh.pdf")
    officer = as_user("officer_b1")
    officer.goto(live_server.url + "/workspace/intake/?procedure=1.001193")
    officer.get_by_label("Quầy").select_option(index=1)
    officer.get_by_role("combobox", name="Xã, phường liên quan").select_option(label=world.commune.name)
    officer.get_by_label("Họ và tên / tên tổ chức").fill("Đặng Thu Hà")
    officer.get_by_label("Số định danh cá nhân (12 chữ số)").fill("0011900")  # too short
    officer.get_by_label("Điện thoại").fill("0912345678")
    rows = officer.locator(".doc-table tbody tr")
    rows.nth(0).locator("input[type=file]").set_input_files(str(declaration))
    rows.nth(1).locator("input[type=file]").set_input_files(str(certificate))
    officer.get_by_role("button", name="Tiếp nhận", exact=True).click()

    expect(officer.get_by_text("Vui lòng sửa các trường được đánh dấu bên dưới.")).to_be_visible()
    expect(rows.nth(0).locator(".pending-file")).to_contain_text("to-khai-dang-ky-khai-sinh.pdf")
    expect(rows.nth(1).locator(".pending-file")).to_contain_text("giay-chung-sinh.pdf")
    expect(rows.nth(0).locator(".pending-file")).to_contain_text("Đã đính kèm")
    assert not Dossier.objects.exists() and PendingUpload.objects.count() == 2
    officer.locator(".doc-table").scroll_into_view_if_needed()
    screenshot("kept-uploads-intake-desktop", officer)
    officer.set_viewport_size({"width": 360, "height": 800})
    screenshot("kept-uploads-intake-360", officer)
    officer.set_viewport_size({"width": 1280, "height": 900})

    officer.get_by_label("Số định danh cá nhân (12 chữ số)").fill("001190012345")
    officer.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(officer.locator(".page-head .state")).to_have_text("Đã tiếp nhận")
    dossier = Dossier.objects.get()
    names = sorted(dossier.attachments.values_list("original_name", flat=True))
    assert names == ["giay-chung-sinh.pdf", "to-khai-dang-ky-khai-sinh.pdf"]
    expect(officer.get_by_role("link", name="giay-chung-sinh.pdf")).to_be_visible()
    assert not PendingUpload.objects.exists()


def test_online_filing_keeps_the_files_through_a_validation_error(
    as_user, live_server, world, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    citizen = world.applicant
    citizen.citizen_id, citizen.phone = "001088012345", "0912345678"
    citizen.save()
    files = scans(tmp_path, "to-khai.pdf", "giay-chung-sinh-cua-benh-vien.pdf", "giay-ket-hon.pdf")

    page = as_user("applicant", width=360, height=800)  # a phone
    page.goto(live_server.url + "/file/1.001193/")
    fill_birth_form(page, world)
    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("")  # forgotten
    rows = page.locator(".doc-row")
    for i, path in enumerate(files):
        rows.nth(i).get_by_label("Hoặc tải lên (PDF, JPEG, PNG)").set_input_files(str(path))
    page.get_by_role("button", name="Nộp hồ sơ").click()

    expect(page.get_by_text("Vui lòng sửa các trường được đánh dấu bên dưới.")).to_be_visible()
    for i, path in enumerate(files):
        expect(rows.nth(i).locator(".pending-file")).to_contain_text(path.name)
    assert not Dossier.objects.exists() and PendingUpload.objects.count() == 3
    rows.nth(0).scroll_into_view_if_needed()
    screenshot("kept-uploads-filing-360", page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot("kept-uploads-filing-desktop", page)

    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Nguyễn Minh Khôi")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".page-head .state")).to_have_text("Chờ kiểm tra, tiếp nhận")
    dossier = Dossier.objects.get()
    assert sorted(dossier.attachments.values_list("original_name", flat=True)) == sorted(p.name for p in files)
    assert not PendingUpload.objects.exists()
