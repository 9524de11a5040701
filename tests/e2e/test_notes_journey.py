"""A specialist writes an internal note on a handover and a public note on a supplement request; the citizen's
page shows only the public one (desktop and a 360 px phone)."""

import pytest
from playwright.sync_api import expect

from tests.builders import a_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INTERNAL = "Chữ ký trên tờ khai khác mẫu, đề nghị lãnh đạo lưu ý khi duyệt"
PUBLIC = "Bản sao giấy chứng sinh cần có chứng thực"


def open_panel(page, label):
    panel = page.locator("details", has=page.locator("summary", has_text=label))
    if not panel.count():  # the expected next action is shown open, first
        return page.locator(".primary-action")
    panel.locator("summary").click()
    return panel


def test_only_public_notes_reach_the_citizen(world, live_server, as_user, screenshot):
    dossier = a_dossier(world).in_process().build()  # filed online by the citizen, at the specialist's step
    specialist = as_user("spec")
    specialist.goto(live_server.url + f"/workspace/dossiers/{dossier.code}/")

    forward = open_panel(specialist, "Chuyển bước tiếp theo")
    forward.get_by_label("Ghi chú").fill(INTERNAL)
    box = forward.get_by_label("Người nộp hồ sơ được xem")
    expect(box).not_to_be_checked()  # a handover's note is internal unless ticked
    screenshot("notes-forward-form", specialist)
    forward.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(specialist.get_by_text("Đã thực hiện: Chuyển bước tiếp theo.")).to_be_visible()

    supplement = open_panel(specialist, "Yêu cầu bổ sung")
    supplement.get_by_label("Nội dung (mỗi dòng một nội dung)").fill("Bản sao giấy chứng sinh")
    supplement.get_by_label("Ghi chú").fill(PUBLIC)
    expect(supplement.get_by_text("Người nộp hồ sơ sẽ đọc nội dung này", exact=False)).to_be_visible()
    supplement.get_by_role("button", name="Yêu cầu bổ sung").click()
    expect(specialist.get_by_text("Đã thực hiện: Yêu cầu bổ sung.")).to_be_visible()
    timeline = specialist.locator("ol.timeline")
    expect(timeline.locator("li", has_text=INTERNAL).locator(".tag-note-internal")).to_have_text("ghi chú nội bộ")
    expect(timeline.locator("li", has_text=PUBLIC).locator(".tag-note-public")).to_have_text("người nộp hồ sơ xem được")
    screenshot("notes-staff-timeline", specialist)

    for width, name in ((1280, "desktop"), (360, "phone")):
        citizen = as_user("applicant", width=width, height=800)
        citizen.goto(live_server.url + f"/my/dossiers/{dossier.code}/")
        expect(citizen.locator("ol.timeline")).to_contain_text(PUBLIC)
        expect(citizen.locator("ol.timeline")).to_contain_text("Chuyển bước tiếp theo")  # the step, not its note
        assert INTERNAL not in citizen.content()
        screenshot(f"notes-citizen-dossier-{name}", citizen)
