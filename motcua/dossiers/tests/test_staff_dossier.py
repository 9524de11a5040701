"""What staff see of a dossier (declaration, files with previews, supplements), supplements received item by
item at the desk, and the ranked actions of the dossier page."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers import permissions, services
from motcua.dossiers.actions import Action
from motcua.dossiers.errors import DossierErrorCode
from motcua.dossiers.models import Attachment, AttachmentKind, Dossier, SupplementRequest
from motcua.dossiers.states import State
from tests.builders import BIRTH_FORM, PDF, a_dossier
from tests.files import png

pytestmark = pytest.mark.django_db

NESTED = {
    "nguoi_yeu_cau": {
        "type": "object",
        "title": "Thông tin người yêu cầu",
        "properties": {"quan_he": {"type": "string", "title": "Quan hệ với trẻ"}},
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
    "nguoi_yeu_cau": {"quan_he": "Cha đẻ"},
    "ban_sao": [{"loai": "Giấy khai sinh", "so_ban": 3}],
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def nested_form(world):
    """The birth registration e-form with a nested object and an array of objects."""
    version = world.procedure.versions.get()
    version.eform = {**version.eform, "properties": {**version.eform["properties"], **NESTED}}
    version.save(update_fields=["eform"])
    return version


def upload(name="scan.pdf", data=PDF):
    return SimpleUploadedFile(name, data)


def online_dossier(world, media, nested_form):
    dossier = a_dossier(world, form_data=dict(ANSWERS)).build()
    services.attachment_add(
        actor=world.applicant, dossier=dossier, uploaded=upload("to-khai.pdf"), document=dossier.documents.first()
    )
    services.attachment_add(actor=world.applicant, dossier=dossier, uploaded=upload("anh.png", png(40, 60)))
    return dossier


# -- supplements received item by item ------------------------------------------------------------------------
def test_a_desk_supplement_is_received_item_by_item_with_scans(world, media):
    dossier = a_dossier(world).desk_supplement(items=("Giấy chứng sinh", "Bản sao CCCD của mẹ")).build()
    request = SupplementRequest.objects.get(dossier=dossier)
    first, second = request.items.all()
    assert [first.text, second.text] == ["Giấy chứng sinh", "Bản sao CCCD của mẹ"] and request.answered_at is None

    dossier = services.dossier_receive_supplement(  # a scan alone: only that item is received
        actor=world.officer_c, dossier=dossier, scans={first.pk: [upload("chung-sinh.pdf")]}
    )
    first.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT  # something is still missing: it keeps waiting
    assert first.received_at is not None and first.received_by == world.officer_c
    scan = Attachment.objects.get(supplement_item=first)
    assert scan.kind == AttachmentKind.SUPPLEMENT and scan.supplement == request
    event = dossier.events.order_by("-seq").first()
    assert event.action == Action.RECEIVE_SUPPLEMENT
    assert event.data == {"received": ["Giấy chứng sinh"], "still_missing": ["Bản sao CCCD của mẹ"]}

    dossier = services.dossier_receive_supplement(actor=world.officer_c, dossier=dossier, received=[second.pk])
    request.refresh_from_db()
    assert dossier.state == State.SUBMITTED and request.answered_at is not None  # back to the desk's check


def test_only_missing_items_can_be_received_and_something_must_be(world, media):
    dossier = a_dossier(world).desk_supplement(items=("Giấy chứng sinh",)).build()
    other = a_dossier(world).desk_supplement(items=("Tờ khai",)).build()
    foreign = SupplementRequest.objects.get(dossier=other).items.get()
    with pytest.raises(ValidationError) as refused:
        services.dossier_receive_supplement(actor=world.officer_c, dossier=dossier, received=[foreign.pk])
    assert refused.value.error_dict["received"][0].code == DossierErrorCode.NOT_ASKED
    with pytest.raises(ValidationError) as refused:
        services.dossier_receive_supplement(actor=world.officer_c, dossier=dossier, received=[])
    assert refused.value.error_dict["received"][0].code == DossierErrorCode.NOTHING_RECEIVED
    assert Dossier.objects.get(pk=dossier.pk).state == State.SUPPLEMENT


def test_the_applicant_answering_online_answers_every_item_and_files_the_upload(world, media):
    dossier = a_dossier(world).received().in_process().supplement_requested(items=("A", "B")).build()
    services.attachment_add(
        actor=world.applicant, dossier=dossier, uploaded=upload("bo-sung.pdf"), kind=AttachmentKind.SUPPLEMENT
    )
    dossier = services.dossier_receive_supplement(actor=world.applicant, dossier=dossier)
    request = SupplementRequest.objects.get(dossier=dossier)
    assert dossier.state == State.IN_PROCESS and request.answered_at is not None
    assert all(item.received_at for item in request.items.all())
    assert [a.original_name for a in request.files.all()] == ["bo-sung.pdf"]


def test_a_scan_is_refused_whole_when_one_file_is_bad(world, media):
    dossier = a_dossier(world).desk_supplement(items=("A",)).build()
    item = SupplementRequest.objects.get(dossier=dossier).items.get()
    with pytest.raises(ValidationError):
        services.dossier_receive_supplement(
            actor=world.officer_c, dossier=dossier, scans={item.pk: [upload("x.pdf", b"MZ not a pdf")]}
        )
    item.refresh_from_db()
    assert item.received_at is None and not Attachment.objects.filter(dossier=dossier).exists()


def test_only_the_desk_or_the_applicant_receives_a_supplement(world, media):
    dossier = a_dossier(world).desk_supplement().build()
    with pytest.raises(services.ActionNotAllowed):
        services.dossier_receive_supplement(actor=world.spec, dossier=dossier)


# -- ranked actions -------------------------------------------------------------------------------------------
def test_claim_is_not_offered_once_the_step_is_taken(world):
    dossier = a_dossier(world).received().in_process().build()
    worker = a_dossier(world).step_worker(dossier)
    assert Action.CLAIM in permissions.available_actions(worker, dossier)
    assert permissions.ranked_actions(worker, dossier).primary == Action.CLAIM
    dossier = a_dossier(world).received().in_process().claimed().build()
    worker = a_dossier(world).step_worker(dossier)
    actions = permissions.available_actions(worker, dossier)
    assert Action.CLAIM not in actions
    assert permissions.ranked_actions(worker, dossier).primary != Action.CLAIM


def test_the_leader_sees_the_decision_first_and_refusal_apart(world):
    dossier = a_dossier(world).received().in_process().build()
    while Action.FORWARD in permissions.available_actions(world.lead, dossier):
        dossier = services.dossier_forward(actor=world.lead, dossier=dossier)
    ranked = permissions.ranked_actions(world.lead, dossier)
    assert ranked.primary == Action.APPROVE
    assert Action.FORWARD not in ranked.others  # the last processing step: forwarding would be refused
    assert set(ranked.destructive) == {Action.REFUSE, Action.STOP}
    assert not set(ranked.destructive) & set(ranked.others)


def test_issue_is_offered_only_once_a_result_is_attached(world, media):
    dossier = a_dossier(world).approved(result=False).build()
    ranked = permissions.ranked_actions(world.lead, dossier)
    assert ranked.primary == Action.ATTACH_RESULT and Action.ISSUE_RESULT not in ranked.others
    dossier = a_dossier(world).approved().build()
    assert permissions.ranked_actions(world.lead, dossier).primary == Action.ISSUE_RESULT


# -- the staff page, previews and the control sheet ---------------------------------------------------------------
def test_the_specialist_reads_the_declaration_files_and_supplements(client, world, media, nested_form):
    dossier = online_dossier(world, media, nested_form)
    dossier = services.dossier_request_supplement_at_desk(
        actor=world.officer_c, dossier=dossier, items=["Giấy chứng sinh"]
    )
    client.force_login(world.officer_c)
    page = client.get(f"/workspace/dossiers/{dossier.code}/").content.decode()
    assert "Họ, chữ đệm, tên của trẻ" in page and "Nguyễn Minh Khôi" in page
    assert "Thông tin người yêu cầu" in page and "Quan hệ với trẻ" in page and "Cha đẻ" in page
    assert "Loại giấy" in page and "Số bản" in page and "02/11/2026" in page
    assert page.index("Họ, chữ đệm, tên của trẻ") < page.index("Giới tính") < page.index("Bản sao đề nghị cấp")
    for attachment in dossier.attachments.all():
        assert f"/workspace/dossiers/{dossier.code}/files/{attachment.pk}/preview/" in page
    assert "Giấy chứng sinh" in page and "còn thiếu" in page


def test_previews_are_images_cached_and_a_broken_file_gets_a_placeholder(client, world, media, nested_form):
    dossier = online_dossier(world, media, nested_form)
    client.force_login(world.officer_c)
    scan, image = dossier.attachments.order_by("pk")
    for attachment in (scan, image):
        response = client.get(f"/workspace/dossiers/{dossier.code}/files/{attachment.pk}/preview/")
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response.content[:3] == b"\xff\xd8\xff" and "max-age" in response["Cache-Control"]
        again = client.get(
            f"/workspace/dossiers/{dossier.code}/files/{attachment.pk}/preview/", HTTP_IF_NONE_MATCH=response["ETag"]
        )
        assert again.status_code == 304
    broken = Attachment.objects.create(
        dossier=dossier,
        file=scan.file.name,
        original_name="hong.pdf",
        content_type="application/pdf",
        size=1,
        pages=1,
        sha256="0" * 64,  # not the stored file's hash: never rendered
    )
    response = client.get(f"/workspace/dossiers/{dossier.code}/files/{broken.pk}/preview/")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "hong.pdf" in response.content.decode()


def test_previews_are_for_those_who_read_the_dossier(client, world, media, nested_form):
    dossier = online_dossier(world, media, nested_form)
    other = a_dossier(world, channel="counter").build()
    attachment = dossier.attachments.first()
    client.force_login(world.spec_justice)  # another unit
    assert client.get(f"/workspace/dossiers/{dossier.code}/files/{attachment.pk}/preview/").status_code == 404
    client.force_login(world.officer_c)  # a file of another dossier under this one's code
    assert client.get(f"/workspace/dossiers/{other.code}/files/{attachment.pk}/preview/").status_code == 404
    client.force_login(world.applicant)
    assert client.get(f"/workspace/dossiers/{dossier.code}/files/{attachment.pk}/preview/").status_code == 403


def test_the_desk_receives_a_supplement_with_a_scan_per_item_from_the_page(client, world, media):
    dossier = a_dossier(world).desk_supplement(items=("Giấy chứng sinh", "Bản sao CCCD")).build()
    first, second = SupplementRequest.objects.get(dossier=dossier).items.all()
    client.force_login(world.officer_c)
    page = client.get(f"/workspace/dossiers/{dossier.code}/").content.decode()
    assert f'name="scan_{first.pk}"' in page and f'name="item_{second.pk}"' in page
    assert re.search(rf'<input type="checkbox" name="item_{first.pk}"[^>]* checked>', page)  # ticked to begin with
    response = client.post(  # the second item unticked: still missing
        f"/workspace/dossiers/{dossier.code}/act/receive_supplement/",
        {
            "revision": dossier.revision,
            "checklist": "True",
            f"item_{first.pk}": "on",
            f"scan_{first.pk}": upload("chung-sinh.pdf"),
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.received_at and first.files.get().original_name == "chung-sinh.pdf"
    page = client.get(f"/workspace/dossiers/{dossier.code}/").content.decode()
    assert f'name="scan_{first.pk}"' not in page and f'name="scan_{second.pk}"' in page  # what is still missing
    response = client.post(
        f"/workspace/dossiers/{dossier.code}/act/receive_supplement/",
        {"revision": Dossier.objects.get(pk=dossier.pk).revision, "checklist": "True"},
    )
    assert response.status_code == 422 and "Đánh dấu" in response.content.decode()
    response = client.post(  # a client that lists no items receives everything
        f"/workspace/dossiers/{dossier.code}/act/receive_supplement/",
        {"revision": Dossier.objects.get(pk=dossier.pk).revision},
    )
    assert response.status_code == 302 and Dossier.objects.get(pk=dossier.pk).state == State.SUBMITTED


def test_the_leader_page_puts_the_expected_action_first_and_confirms_refusal(client, world):
    dossier = a_dossier(world).received().in_process().build()
    while Action.FORWARD in permissions.available_actions(world.lead, dossier):
        dossier = services.dossier_forward(actor=world.lead, dossier=dossier)
    client.force_login(world.lead)
    page = client.get(f"/workspace/dossiers/{dossier.code}/").content.decode()
    primary = page.index('class="primary-action"')
    assert primary < page.index(f"/act/{Action.APPROVE}/") < page.index('class="danger-zone"')
    assert page.index('class="danger-zone"') < page.index(f"/act/{Action.REFUSE}/")
    refuse_form = page[page.index(f"/act/{Action.REFUSE}/") - 200 : page.index(f"/act/{Action.REFUSE}/") + 400]
    assert "hx-confirm" in refuse_form


def test_the_control_sheet_lists_declaration_documents_and_supplements(world, media, nested_form):
    from io import BytesIO

    from pypdf import PdfReader

    from motcua.dossiers.printouts import render_pdf

    dossier = online_dossier(world, media, nested_form)
    dossier = services.dossier_request_supplement_at_desk(
        actor=world.officer_c, dossier=dossier, items=["Giấy chứng sinh"]
    )
    dossier = services.dossier_receive_supplement(
        actor=world.officer_c,
        dossier=dossier,
        scans={SupplementRequest.objects.get(dossier=dossier).items.get().pk: [upload("chung-sinh.pdf")]},
    )
    dossier = services.dossier_receive(actor=world.officer_c, dossier=dossier)
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(render_pdf(dossier, "control-sheet", internal=True))).pages
    )
    for expected in (
        "Họ, chữ đệm, tên của trẻ",
        "Nguyễn Minh Khôi",
        "Cha đẻ",
        "Giấy khai sinh",
        "to-khai.pdf",
        "chung-sinh.pdf",
    ):
        assert expected in text


# -- the API ----------------------------------------------------------------------------------------------------
def test_the_api_returns_declaration_documents_and_supplements(client, world, media, nested_form):
    dossier = online_dossier(world, media, nested_form)
    dossier = services.dossier_request_supplement_at_desk(
        actor=world.officer_c, dossier=dossier, items=["Giấy chứng sinh"]
    )
    client.force_login(world.officer_c)
    data = client.get(f"/api/v1/dossiers/{dossier.code}").json()
    assert data["form_data"]["ban_sao"] == [{"loai": "Giấy khai sinh", "so_ban": 3}]
    labels = {a["key"]: a for a in data["declaration"]}
    assert labels["ho_ten_tre"]["label"] == "Họ, chữ đệm, tên của trẻ"
    assert labels["ban_sao"]["columns"] == ["Loại giấy", "Số bản"]
    assert labels["nguoi_yeu_cau"]["children"][0] == {
        "key": "quan_he",
        "label": "Quan hệ với trẻ",
        "kind": "value",
        "text": "Cha đẻ",
        "children": [],
        "columns": [],
    }
    files = [f for d in data["documents"] for f in d["files"]] + data["other_files"]
    assert sorted(f["name"] for f in files) == ["anh.png", "to-khai.pdf"]
    assert all(f["url"].startswith("http://testserver/workspace/") for f in files)
    assert data["supplements"][0]["items"][0]["text"] == "Giấy chứng sinh"
    client.force_login(world.applicant)
    data = client.get(f"/api/v1/dossiers/{dossier.code}").json()
    assert all("/my/dossiers/" in f["url"] for d in data["documents"] for f in d["files"])


def test_the_applicant_gets_no_result_file_through_the_api_before_it_is_issued(client, world, media):
    dossier = a_dossier(world).approved().build()
    client.force_login(world.applicant)
    assert client.get(f"/api/v1/dossiers/{dossier.code}").json()["results"] == []
    client.force_login(world.lead)
    assert len(client.get(f"/api/v1/dossiers/{dossier.code}").json()["results"]) == 1


def test_the_page_reads_a_fixed_number_of_queries_whatever_was_filed(client, world, media, nested_form):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dossier = online_dossier(world, media, nested_form)
    client.force_login(world.officer_c)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/workspace/dossiers/{dossier.code}/").status_code == 200
    for n in range(4):
        services.attachment_add(actor=world.applicant, dossier=dossier, uploaded=upload(f"them-{n}.pdf"))
    for items in (["A", "B"], ["C"]):
        dossier = services.dossier_request_supplement_at_desk(actor=world.officer_c, dossier=dossier, items=items)
        asked = list(SupplementRequest.objects.filter(dossier=dossier).last().items.all())
        dossier = services.dossier_receive_supplement(
            actor=world.officer_c,
            dossier=dossier,
            received=[item.pk for item in asked],
            scans={asked[0].pk: [upload("bs.pdf")]},
        )
    dossier = services.dossier_request_supplement_at_desk(actor=world.officer_c, dossier=dossier, items=["D", "E"])
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/workspace/dossiers/{dossier.code}/").status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries) + 3  # the open request's form: its items


def test_earlier_supplements_are_migrated_from_their_events(world, media):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("motcua.dossiers.migrations.0008_supplement_requests_from_events")
    answered = a_dossier(world).received().in_process().supplement_requested(items=("A", "B")).supplement_received()
    answered = answered.build()
    waiting = a_dossier(world).desk_supplement(items=("Tờ khai",)).build()
    SupplementRequest.objects.all().delete()  # as before requests had rows: only the events tell

    migration.forwards(apps, None)

    first = SupplementRequest.objects.get(dossier=answered)
    assert [i.text for i in first.items.all()] == ["A", "B"]
    assert first.answered_at is not None and all(i.received_at for i in first.items.all())
    second = SupplementRequest.objects.get(dossier=waiting)
    assert second.answered_at is None and [i.text for i in second.items.all()] == ["Tờ khai"]
