import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.models import Attachment, Dossier
from tests.builders import APPLICANT, PDF, a_dossier

pytestmark = pytest.mark.django_db


def login(client, world, name):
    client.force_login(world.person(name))
    return client


def intake_post(world, **changes):
    version = world.procedure.versions.get()
    data = {
        "procedure": "1.001193",
        "counter": world.org.counter1.pk,
        "commune": world.commune.code,
        "applicant_kind": "person",
        "outcome": "receive",
        **{k: v for k, v in APPLICANT.items()},
    }
    for doc in version.documents.filter(mandatory=True):
        data |= {f"doc_{doc.pk}": "on", f"orig_{doc.pk}": 1, f"copy_{doc.pk}": 0}
    return data | changes


def test_counter_intake_through_the_form(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, world, "officer_b1")
    assert client.get("/workspace/intake/?q=khai+sinh").status_code == 200
    assert "Thủ tục đăng ký khai sinh" in client.get("/workspace/intake/?procedure=1.001193").content.decode()
    first_doc = world.procedure.versions.get().documents.first()
    data = intake_post(world) | {f"file_{first_doc.pk}": SimpleUploadedFile("to-khai.pdf", PDF)}
    response = client.post("/workspace/intake/", data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == f"/workspace/dossiers/{dossier.code}/"
    assert dossier.state == "received" and dossier.attachments.count() == 1
    page = client.get(response.url).content.decode()
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in page
    pdf = client.get(f"/workspace/dossiers/{dossier.code}/forms/receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_intake_errors_name_the_fields_and_write_nothing(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, world, "officer_b1")
    first_doc = world.procedure.versions.get().documents.first()
    response = client.post("/workspace/intake/", intake_post(world, citizen_id="123", outcome="supplement"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "12 chữ số" in html and "Liệt kê nội dung còn thiếu" in html
    bad_file = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf")
    response = client.post("/workspace/intake/", intake_post(world) | {f"file_{first_doc.pk}": bad_file})
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Dossier.objects.exists() and not Attachment.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_actions_from_the_dossier_page(client, world):
    dossier = a_dossier(world, channel="counter").received().build()
    login(client, world, "officer_b1")
    page = client.get(f"/workspace/dossiers/{dossier.code}/").content.decode()
    assert "Chuyển bước tiếp theo" in page and "Phê duyệt" not in page  # only what this user may do now
    response = client.post(f"/workspace/dossiers/{dossier.code}/act/forward/", {"revision": dossier.revision})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "in_process"
    stale = client.post(
        f"/workspace/dossiers/{dossier.code}/act/withdraw/",
        {"revision": dossier.revision - 1, "reason": "x"},
        follow=True,
    )
    assert "người khác thay đổi" in stale.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == "in_process"
    missing = client.post(f"/workspace/dossiers/{dossier.code}/act/withdraw/", {"revision": dossier.revision})
    assert missing.status_code == 422 and "Trường này là bắt buộc" in missing.content.decode()


def test_specialist_takes_supplements_and_leader_decides(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = services.dossier_forward(actor=SYSTEM, dossier=a_dossier(world, channel="counter").received().build())
    login(client, world, "spec")
    client.post(f"/workspace/dossiers/{dossier.code}/act/claim/", {"revision": dossier.revision})
    dossier.refresh_from_db()
    client.post(
        f"/workspace/dossiers/{dossier.code}/act/request_supplement/",
        {"revision": dossier.revision, "items": "Bản sao giấy chứng sinh\nẢnh 4x6"},
    )
    dossier.refresh_from_db()
    assert dossier.state == "supplement"
    assert dossier.events.get(action="request_supplement").data["missing"] == ["Bản sao giấy chứng sinh", "Ảnh 4x6"]
    login(client, world, "lead")
    assert "Phê duyệt" not in client.get(f"/workspace/dossiers/{dossier.code}/").content.decode()


def test_other_units_cannot_open_a_dossier(client, world):
    dossier = a_dossier(world, channel="counter").build()
    for name in ("spec_justice", "lead_justice"):
        assert login(client, world, name).get(f"/workspace/dossiers/{dossier.code}/").status_code == 404
    assert login(client, world, "other_citizen").get("/workspace/").status_code == 403
    assert login(client, world, "officer_b2").get(f"/workspace/dossiers/{dossier.code}/").status_code == 200


def test_worklists_and_search(client, world):
    a = a_dossier(world, channel="counter").build()
    b = a_dossier(world, channel="counter").received().build()
    login(client, world, "officer_b1")
    new = client.get("/workspace/?list=new").content.decode()
    assert a.code in new and b.code not in new
    for query in ("nguyen van an", "Nguyễn Văn", APPLICANT["citizen_id"]):
        html = client.get("/workspace/", {"list": "all", "q": query}).content.decode()
        assert b.code in html, query
    assert client.get("/workspace/", {"list": "all", "q": b.code}).url == f"/workspace/dossiers/{b.code}/"
    assert b.code not in client.get("/workspace/", {"list": "all", "q": "tran thi"}).content.decode()
    htmx = client.get("/workspace/", {"list": "all", "q": "an"}, headers={"HX-Request": "true"}).content.decode()
    assert htmx.lstrip().startswith('<section id="results"')


def test_worklist_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    for _ in range(3):
        a_dossier(world, channel="counter").build()
    login(client, world, "officer_b1")
    with django_assert_max_num_queries(12) as few:
        client.get("/workspace/?list=all")
    for _ in range(12):
        a_dossier(world, channel="counter").build()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/workspace/?list=all")


def test_public_lookup_page(client, world):
    dossier = a_dossier(world, channel="counter").received().build()
    html = client.get("/lookup/", {"code": dossier.code}).content.decode()
    assert "Nguyễn V** A**" in html and "Nguyễn Văn An" not in html and APPLICANT["citizen_id"] not in html
    assert "Đã tiếp nhận" in html
    assert "Không tìm thấy hồ sơ" in client.get("/lookup/", {"code": "XYZ"}).content.decode()


def test_demo_history_replays_dossiers_through_the_services(seeded_catalog, settings):
    settings.MOTCUA = {**settings.MOTCUA, "DEMO": True}
    from motcua.demo.history import load_history

    call_command("demo", "--no-serve", "--dossiers", "0")
    assert not Dossier.objects.exists()
    assert load_history(dossiers=60, days=20) == 60
    assert load_history(dossiers=60, days=20) == 60  # running the demo again adds nothing
    states = set(Dossier.objects.values_list("state", flat=True))
    assert {"returned", "submitted", "in_process"} <= states and len(states) >= 6
    for dossier in Dossier.objects.prefetch_related("events"):
        events = list(dossier.events.all())
        assert events[0].action == "submit" and events[-1].to_state == dossier.state
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
