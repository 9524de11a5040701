from datetime import date

import pytest

from motcua.geo import selectors
from motcua.geo.models import Commune, DivisionChange, DivisionPredecessor, Level, Province
from motcua.geo.services import divisions_sync

pytestmark = pytest.mark.django_db


def test_reference_data_has_34_provinces_and_3321_communes():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    hanoi = Province.objects.get(code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert hanoi.division_type == "thanh_pho_trung_uong"
    assert Commune.objects.get(code="00070").name == "Phường Hoàn Kiếm"
    assert Commune.objects.filter(division_type="dac_khu").exists()


def test_folded_names_are_stored_for_search():
    assert Commune.objects.filter(name_folded="phuong van mieu - quoc tu giam", province="01").exists()


def test_sync_is_idempotent():
    before = list(Commune.objects.values_list("code", "name", "province_id").order_by("code"))
    counts = divisions_sync()
    assert counts == {"provinces": 34, "communes": 3321, "changes_created": 0}
    assert list(Commune.objects.values_list("code", "name", "province_id").order_by("code")) == before


def test_lineage_records_the_2025_province_merges():
    merges = DivisionChange.objects.filter(level=Level.PROVINCE, effective_date=date(2025, 7, 1))
    assert merges.count() == 23
    assert DivisionPredecessor.objects.filter(change__in=merges).count() == 52
    # every successor is a province in force today
    assert set(merges.values_list("successor_code", flat=True)) <= set(Province.objects.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("code", "as_of", "expected"),
    [
        ("02", date(2025, 3, 1), "08"),  # Hà Giang → Tuyên Quang
        ("77", date(2024, 12, 31), "79"),  # Bà Rịa - Vũng Tàu → Thành phố Hồ Chí Minh
        ("01", date(2025, 3, 1), "01"),  # Hà Nội did not change
        ("08", date(2025, 8, 1), "08"),  # after the change, codes are current
    ],
)
def test_successor_follows_changes_after_the_date(code, as_of, expected):
    assert selectors.division_successor(level=Level.PROVINCE, code=code, as_of=as_of) == expected


def test_successor_follows_chains_of_changes():
    later = DivisionChange.objects.create(
        level=Level.PROVINCE,
        kind="rename",
        effective_date=date(2030, 1, 1),
        legal_basis="test",
        successor_code="99",
        successor_name="Tỉnh mới",
    )
    DivisionPredecessor.objects.create(change=later, code="08", name="Tuyên Quang")
    assert selectors.division_successor(level=Level.PROVINCE, code="02", as_of=date(2025, 1, 1)) == "99"


def test_province_api_lists_34_provinces_whose_communes_add_up(client):
    response = client.get("/api/v1/provinces")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 34
    assert sum(p["commune_count"] for p in data) == 3321
    assert data[0] == {
        "code": "01",
        "name": "Thành phố Hà Nội",
        "type": "thanh_pho_trung_uong",
        "commune_count": 126,
    }


def test_commune_api_lists_one_province(client):
    response = client.get("/api/v1/provinces/01/communes")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 126
    assert {"code": "00070", "name": "Phường Hoàn Kiếm", "type": "phuong", "province_code": "01"} in data


def test_commune_api_unknown_province_is_404(client):
    assert client.get("/api/v1/provinces/99/communes").status_code == 404


def test_province_api_query_count_is_constant(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get("/api/v1/provinces")
    with django_assert_max_num_queries(2):
        client.get("/api/v1/provinces/79/communes")
