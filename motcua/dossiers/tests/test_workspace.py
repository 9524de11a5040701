"""The officer's workspace and counter intake: search across every list, tab counts, the scanner's code, the
remembered counter, the commune picker, the desk's three outcomes and the receipt printed after "received"."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.actors import SYSTEM
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier
from motcua.geo.selectors import commune_search
from motcua.org import services as org_services
from motcua.org.models import OfficerCounter
from motcua.org.selectors import officer_counter
from tests.builders import APPLICANT, a_dossier

from .test_views import intake_post, login

pytestmark = pytest.mark.django_db

HOAN_KIEM = "00070"  # Phường Hoàn Kiếm, Hà Nội


def results(html: str) -> str:
    """The results section of the workspace page (not its tabs)."""
    return html[html.index('<section id="results"') :]


# -- search across every list ----------------------------------------------------------------------------------------
def test_a_search_looks_in_every_list_not_only_the_open_tab(client, world):
    waiting = a_dossier(world, channel="counter").supplement_requested().build()
    new = a_dossier(
        world, channel="counter", applicant_fields={"applicant_name": "Trần Thị Bích", "citizen_id": "001190054321"}
    ).build()
    login(client, world, "officer_b1")
    assert waiting.code not in results(client.get("/workspace/?list=new").content.decode())
    for query in ("nguyen van an", "Nguyễn Văn", APPLICANT["citizen_id"]):
        found = results(client.get("/workspace/", {"list": "new", "q": query}).content.decode())
        assert waiting.code in found and new.code not in found, query
    assert "mọi danh sách" in client.get("/workspace/", {"list": "new", "q": "nguyen"}).content.decode()
    by_prefix = results(client.get("/workspace/", {"list": "mine", "q": waiting.code[:-2]}).content.decode())
    assert waiting.code in by_prefix and new.code in by_prefix


def test_a_search_never_shows_a_dossier_the_user_does_not_read(client, world):
    dossier = a_dossier(world, channel="counter").received().build()
    for name in ("spec_justice", "lead_justice"):
        client.force_login(world.person(name))
        for query in ("nguyen van an", APPLICANT["citizen_id"], dossier.code):
            response = client.get("/workspace/", {"list": "all", "q": query})
            assert response.status_code == 200 and f"/dossiers/{dossier.code}/" not in response.content.decode(), query
        assert not selectors.worklist(world.person(name), "all", q="nguyen")
        assert selectors.readable_by_code(world.person(name), dossier.code) is None


# -- tab counts ------------------------------------------------------------------------------------------------------
def test_tabs_show_their_counts(client, world):
    a_dossier(world, channel="counter").build()
    a_dossier(world, channel="counter").build()
    a_dossier(world, channel="counter").supplement_requested().build()
    counts = selectors.worklist_counts(world.officer_b1)
    assert counts["new"] == 2 and counts["supplement"] == 1 and counts["all"] == 3 and counts["mine"] == 0
    assert selectors.worklist_counts(world.spec_justice)["all"] == 0
    html = login(client, world, "officer_b1").get("/workspace/?list=new").content.decode()
    assert re.search(r'aria-current="page">Mới, chờ kiểm tra <span class="count">2</span>', html)
    assert re.search(r'Chờ bổ sung <span class="count">1</span>', html)


def test_counts_stop_at_the_cap(client, world, monkeypatch):
    for _ in range(4):
        a_dossier(world, channel="counter").build()
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    counts = selectors.worklist_counts(world.officer_b1)
    assert counts["new"] == 3  # counted up to the cap and one more: never all the rows
    assert selectors.count_label(counts["new"]) == "2+" and selectors.count_label(2) == "2"
    html = login(client, world, "officer_b1").get("/workspace/?list=all").content.decode()
    assert '<span class="count">2+</span>' in html
    monkeypatch.undo()
    assert selectors.count_label(1000) == "999+" and selectors.count_label(999) == "999"


def test_the_counts_are_one_query_and_the_page_stays_constant(client, world, django_assert_max_num_queries):
    for _ in range(3):
        a_dossier(world, channel="counter").build()
    login(client, world, "officer_b1")
    with CaptureQueriesContext(connection) as first:
        client.get("/workspace/?list=new")
    assert sum("COUNT(*)" in q["sql"] for q in first.captured_queries) == 1
    for _ in range(10):
        a_dossier(world, channel="counter").supplement_requested().build()
    for tab in ("new", "supplement", "all"):
        with django_assert_max_num_queries(len(first.captured_queries)):
            client.get(f"/workspace/?list={tab}")
    with django_assert_max_num_queries(len(first.captured_queries) + 1):  # and is it a dossier's code?
        client.get("/workspace/", {"list": "new", "q": "nguyen"})


# -- a scanned code opens the dossier ----------------------------------------------------------------------------------
def test_a_scanned_code_opens_the_dossier(client, world):
    dossier = a_dossier(world, channel="counter").received().build()
    login(client, world, "officer_b1")
    for typed in (dossier.code, dossier.code.lower(), f" {dossier.code} "):
        response = client.get("/workspace/", {"list": "new", "q": typed})
        assert response.status_code == 302 and response.url == f"/workspace/dossiers/{dossier.code}/", typed
    htmx = client.get("/workspace/", {"list": "new", "q": dossier.code}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and htmx["HX-Redirect"] == f"/workspace/dossiers/{dossier.code}/"
    # As it is typed (not yet submitted), the search only shows it: no jump in the middle of typing.
    live = client.get("/workspace/", {"list": "new", "q": dossier.code, "live": "1"}, headers={"HX-Request": "true"})
    assert "HX-Redirect" not in live and dossier.code in live.content.decode()
    assert live["HX-Replace-Url"] == f"/workspace/?list=new&q={dossier.code}"
    # Part of a code is a search, not a dossier.
    assert client.get("/workspace/", {"q": dossier.code[:-1]}).status_code == 200


# -- the counter is remembered per officer ---------------------------------------------------------------------------
def selected_counter(html: str) -> str | None:
    select = re.search(r'<select name="counter".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="(\d+)" selected>', select)
    return found and found.group(1)


def test_the_officer_s_counter_is_remembered_across_logins(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, world, "officer_b1")
    intake_page = "/workspace/intake/?procedure=1.001193"
    assert selected_counter(client.get(intake_page).content.decode()) == str(world.org.counter1.pk)  # the only one
    counter2 = org_services.counter_create(actor=SYSTEM, unit=world.org.branch1, number=2)
    assert selected_counter(client.get("/workspace/intake/?procedure=1.001193").content.decode()) is None
    response = client.post(
        "/workspace/intake/", intake_post(world, counter=counter2.pk, outcome="supplement", items="Tờ khai")
    )
    assert response.status_code == 302
    assert OfficerCounter.objects.get(user=world.officer_b1).counter == counter2
    client.logout()
    login(client, world, "officer_b1")
    assert selected_counter(client.get("/workspace/intake/?procedure=1.001193").content.decode()) == str(counter2.pk)
    # Per officer, not per browser: a colleague of the same branch starts with none.
    colleague = org_services.membership_grant(
        actor=SYSTEM, user=world.officer_c, unit=world.org.branch1, role="receiving_officer"
    ).user
    client.force_login(colleague)
    assert selected_counter(client.get("/workspace/intake/?procedure=1.001193").content.decode()) is None


def test_a_remembered_counter_that_closed_is_not_offered(world):
    counter2 = org_services.counter_create(actor=SYSTEM, unit=world.org.branch1, number=2)
    org_services.officer_counter_remember(actor=world.officer_b1, counter=world.org.counter1)
    org_services.officer_counter_remember(actor=world.officer_b1, counter=counter2)  # the last one counts
    assert OfficerCounter.objects.filter(user=world.officer_b1).count() == 1
    assert officer_counter(world.officer_b1) == counter2
    counter2.is_active = False
    counter2.save()
    world.officer_b1.refresh_from_db()
    assert officer_counter(world.officer_b1) is None
    assert org_services.officer_counter_remember(actor=SYSTEM, counter=world.org.counter1) is None


def test_only_an_officer_of_the_counter_s_unit_is_remembered_there(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        org_services.officer_counter_remember(actor=world.officer_b1, counter=world.org.counter2)
    with pytest.raises(PermissionDenied):
        org_services.officer_counter_remember(actor=world.spec, counter=world.org.counter1)
    assert not OfficerCounter.objects.exists()


# -- the commune picker --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["hoan kiem", "Hoàn Kiếm", "HOAN KIEM", "phuong hoan kiem", "kiem"])
def test_communes_are_found_without_prefix_or_diacritics(world, typed):
    found = list(commune_search(province_code="01", q=typed).values_list("name", flat=True))
    assert "Phường Hoàn Kiếm" in found, typed


def test_the_picker_s_options_select_the_first_match(client, world):
    login(client, world, "officer_b1")
    html = client.get("/workspace/intake/communes/", {"q": "hoan kiem", "field": "commune"}).content.decode()
    assert f'<option value="{HOAN_KIEM}" selected>Phường Hoàn Kiếm</option>' in html
    assert "Ba Đình" not in html and "---------" not in html
    # The current choice stays when it matches; the optional field keeps its empty option.
    both = client.get("/workspace/intake/communes/", {"q": "phuong", "commune": HOAN_KIEM}).content.decode()
    assert f'<option value="{HOAN_KIEM}" selected>' in both and both.count("<option") > 50
    optional = client.get("/workspace/intake/communes/", {"q": "", "field": "applicant_commune"}).content.decode()
    assert optional.count(" selected") == 1 and '<option value="" selected>' in optional
    nothing = client.get("/workspace/intake/communes/", {"q": "zzz"}).content.decode()
    assert "Không có xã, phường nào" in nothing
    # Only communes of the officer's province.
    assert "Phường Bến Thành" not in client.get("/workspace/intake/communes/", {"q": "ben thanh"}).content.decode()


def test_the_picker_is_for_receiving_officers(client, world):
    for name in ("spec", "lead", "director"):
        assert login(client, world, name).get("/workspace/intake/communes/?q=a").status_code == 403
    assert login(client, world, "applicant").get("/workspace/intake/communes/?q=a").status_code == 403


def test_the_intake_form_has_the_picker_s_search_box(client, world):
    html = login(client, world, "officer_b1").get("/workspace/intake/?procedure=1.001193").content.decode()
    assert 'hx-get="/workspace/intake/communes/"' in html and 'aria-controls="id_commune"' in html
    assert "Tìm xã, phường liên quan theo tên" in html


# -- three outcomes, three buttons; the receipt after "received" -------------------------------------------------------
def test_the_desk_s_outcomes_are_three_buttons(client, world):
    html = login(client, world, "officer_b1").get("/workspace/intake/?procedure=1.001193").content.decode()
    buttons = re.findall(r'<button type="submit" name="outcome" value="(\w+)"[^>]*>([^<]+)</button>', html)
    assert buttons == [("receive", "Tiếp nhận"), ("supplement", "Yêu cầu bổ sung"), ("refuse", "Từ chối tiếp nhận")]
    assert 'type="radio"' not in html
    # The form's default button (what Enter in a field presses) is disabled: no outcome is chosen by accident.
    first = re.search(r"<button[^>]*>", html[html.index('enctype="multipart/form-data"') :]).group(0)
    assert "disabled" in first and 'type="submit"' in first


@pytest.mark.parametrize(
    ("outcome", "extra", "state"),
    [
        ("supplement", {"items": "Bản sao giấy chứng sinh"}, "supplement"),
        ("refuse", {"reasons": "Sai thẩm quyền"}, "not_accepted"),
    ],
)
def test_supplement_and_refusal_need_their_reasons_and_print_no_receipt(
    client, world, settings, tmp_path, outcome, extra, state
):
    settings.MEDIA_ROOT = tmp_path
    login(client, world, "officer_b1")
    response = client.post("/workspace/intake/", intake_post(world, outcome=outcome))
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert "mỗi dòng một" in response.content.decode()
    response = client.post("/workspace/intake/", intake_post(world, outcome=outcome, **extra))
    assert Dossier.objects.get().state == state
    assert "print-receipt" not in client.get(response.url).content.decode()


def test_no_outcome_is_an_error_not_a_dossier(client, world):
    data = intake_post(world)
    del data["outcome"]
    response = login(client, world, "officer_b1").post("/workspace/intake/", data)
    assert response.status_code == 200 and not Dossier.objects.exists()


def test_the_receipt_opens_for_printing_once_after_received(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, world, "officer_b1")
    response = client.post("/workspace/intake/", intake_post(world))
    code = Dossier.objects.get().code
    page = client.get(response.url).content.decode()
    receipt = f"/workspace/dossiers/{code}/forms/receipt.pdf"
    assert 'class="print-receipt"' in page and f'data-src="{receipt}"' in page
    assert f'href="{receipt}" target="_blank"' in page and "dossiers/print-receipt" in page
    assert "print-receipt" not in client.get(response.url).content.decode()  # once, not on every visit
    pdf = client.get(receipt)
    assert pdf["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in pdf["Content-Security-Policy"]
    # Other pages stay unframeable.
    assert client.get(response.url)["X-Frame-Options"] == "DENY"
