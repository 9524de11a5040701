"""An online-filed dossier read by the specialist (labelled declaration, previews), a supplement received at the
desk with a scan per item while the checklist shows what is missing, and the leader's ranked actions."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers import permissions, services
from motcua.dossiers.actions import Action
from motcua.dossiers.models import Dossier, SupplementItem
from tests.builders import BIRTH_FORM, PDF, a_dossier
from tests.e2e.conftest import ARTIFACTS
from tests.files import png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NESTED = {
    "nguoi_yeu_cau": {
        "type": "object",
        "title": "Thông tin người yêu cầu",
        "properties": {
            "quan_he": {"type": "string", "title": "Quan hệ với trẻ"},
            "dia_chi": {"type": "string", "title": "Địa chỉ liên hệ"},
        },
    },
    "ban_sao": {
        "type": "array",
        "title": "Bản sao đề nghị cấp",
        "items": {
            "type": "object",
            "properties": {
                "loai": {"type": "string", "title": "Loại giấy"},
                "so_ban": {"type": "integer", "title": "Số bản"},
            },
        },
    },
}
ANSWERS = {
    **BIRTH_FORM,
    "nguoi_yeu_cau": {"quan_he": "Cha đẻ", "dia_chi": "12 Hàng Bài, Hoàn Kiếm"},
    "ban_sao": [{"loai": "Giấy khai sinh", "so_ban": 3}, {"loai": "Trích lục khai sinh", "so_ban": 1}],
}


def done(page, label):
    expect(page.get_by_text(f"Đã thực hiện: {label}.")).to_be_visible()


def test_staff_read_the_filing_receive_a_supplement_per_item_and_the_leader_is_guided(
    world, live_server, as_user, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    version = world.procedure.versions.get()
    version.eform = {**version.eform, "properties": {**version.eform["properties"], **NESTED}}
    version.save(update_fields=["eform"])
    dossier = a_dossier(world, form_data=ANSWERS).build()
    services.attachment_add(
        actor=world.applicant,
        dossier=dossier,
        uploaded=services_upload("to-khai.pdf", PDF),
        document=dossier.documents.first(),
    )
    services.attachment_add(
        actor=world.applicant, dossier=dossier, uploaded=services_upload("giay-chung-sinh.png", png(300, 420))
    )
    dossier = services.dossier_receive(actor=world.officer_c, dossier=Dossier.objects.get(pk=dossier.pk))
    dossier = services.dossier_forward(actor=world.officer_c, dossier=dossier)
    code = dossier.code

    # the specialist reads what was filed
    specialist = as_user("spec")
    specialist.goto(live_server.url + f"/workspace/dossiers/{code}/")
    declaration = specialist.locator("#declaration")
    expect(declaration.get_by_role("heading", name="Tờ khai điện tử")).to_be_visible()
    for text in (
        "Họ, chữ đệm, tên của trẻ",
        "Nguyễn Minh Khôi",
        "Thông tin người yêu cầu",
        "Quan hệ với trẻ",
        "Cha đẻ",
    ):
        expect(declaration.get_by_text(text, exact=True).first).to_be_visible()
    expect(declaration.locator("table th", has_text="Loại giấy")).to_be_visible()
    expect(declaration.locator("td", has_text="Trích lục khai sinh")).to_be_visible()
    previews = specialist.locator("#documents .file-card img")
    expect(previews).to_have_count(2)
    for n in range(2):
        previews.nth(n).scroll_into_view_if_needed()
        specialist.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=previews.nth(n).element_handle()
        )
    expect(specialist.locator(".primary-action h3")).to_have_text("Nhận xử lý bước này")
    screenshot("staff-dossier-declaration-desktop", specialist)
    phone = as_user("spec", width=360, height=780)
    phone.goto(live_server.url + f"/workspace/dossiers/{code}/")
    expect(phone.locator("#declaration")).to_be_visible()
    screenshot("staff-dossier-declaration-360", phone)

    specialist.locator(".primary-action").get_by_role("button", name="Nhận xử lý bước này").click()
    done(specialist, "Nhận xử lý bước này")
    expect(specialist.locator(".primary-action h3")).not_to_have_text("Nhận xử lý bước này")  # not offered again
    expect(specialist.locator("summary", has_text="Nhận xử lý bước này")).to_have_count(0)
    panel = specialist.locator("details", has=specialist.locator("summary", has_text="Yêu cầu bổ sung"))
    panel.locator("summary").click()
    panel.get_by_label("Nội dung (mỗi dòng một nội dung)").fill("Bản sao Giấy chứng sinh\nBản sao CCCD của mẹ")
    panel.get_by_role("button", name="Yêu cầu bổ sung").click()
    done(specialist, "Yêu cầu bổ sung")

    # the desk receives the first item with its scan; the second is still missing
    first, second = SupplementItem.objects.filter(request__dossier__code=code).order_by("position")
    scan = tmp_path / "chung-sinh.pdf"
    scan.write_bytes(PDF)
    officer = as_user("officer_c")
    officer.goto(live_server.url + f"/workspace/dossiers/{code}/")
    primary = officer.locator(".primary-action")
    expect(primary.locator("h3")).to_have_text("Đã nhận bổ sung")
    primary.get_by_label("Bản sao CCCD của mẹ").uncheck()
    primary.locator(f"input[name=scan_{first.pk}]").set_input_files(str(scan))
    primary.get_by_role("button", name="Đã nhận bổ sung").click()
    done(officer, "Đã nhận bổ sung")
    checklist = officer.locator("#supplements .checklist-view")
    expect(checklist.locator("li.received")).to_contain_text("Bản sao Giấy chứng sinh")
    expect(checklist.locator("li.missing")).to_contain_text("Bản sao CCCD của mẹ")
    expect(checklist.locator("li.missing")).to_contain_text("còn thiếu")
    expect(officer.locator(".page-head .state")).to_have_text("Yêu cầu bổ sung")
    expect(primary.locator(f"input[name=scan_{second.pk}]")).to_be_visible()  # only what is missing is offered
    expect(primary.locator(f"input[name=scan_{first.pk}]")).to_have_count(0)
    screenshot("staff-dossier-supplement-checklist", officer)
    scan2 = tmp_path / "cccd-me.pdf"
    scan2.write_bytes(PDF)
    primary.locator(f"input[name=scan_{second.pk}]").set_input_files(str(scan2))
    primary.get_by_role("button", name="Đã nhận bổ sung").click()
    done(officer, "Đã nhận bổ sung")
    expect(officer.locator(".page-head .state")).to_have_text("Đang xử lý")
    expect(officer.locator("#supplements li.missing")).to_have_count(0)
    sheet = officer.request.get(live_server.url + f"/workspace/dossiers/{code}/forms/control-sheet.pdf")
    assert sheet.ok and sheet.body().startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "staff-dossier-control-sheet.pdf").write_bytes(sheet.body())  # pdftoppm -png -r 60 to look at it

    # on to the leader's step: the decision comes first, refusal apart and confirmed
    dossier = Dossier.objects.select_related("current_step").get(code=code)
    while Action.FORWARD in permissions.available_actions(world.lead, dossier):
        dossier = services.dossier_forward(actor=world.lead, dossier=dossier)
    leader = as_user("lead")
    leader.goto(live_server.url + f"/workspace/dossiers/{code}/")
    expect(leader.locator(".primary-action h3")).to_have_text("Phê duyệt")
    danger = leader.locator(".danger-zone")
    refuse = danger.locator("details", has=leader.locator("summary", has_text="Từ chối giải quyết"))
    refuse.locator("summary").click()
    refuse.get_by_label("Lý do (mỗi dòng một lý do)").fill("Không đủ điều kiện")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    leader.once("dialog", dismiss)
    refuse.get_by_role("button", name="Từ chối giải quyết").click()
    leader.wait_for_timeout(300)
    assert dialogs and "không thể hoàn tác" in dialogs[0]
    assert Dossier.objects.get(code=code).state == "in_process"  # dismissed: nothing happened
    screenshot("staff-dossier-leader-actions", leader)


def services_upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
