"""Fees that follow the e-form declaration: a quantity from an integer answer, a condition on a yes/no or choice
answer; the same function prices the filing page, the dossier and its receipt."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.models import Fee
from motcua.payments import fees, services
from tests.builders import BIRTH_FORM, a_dossier

pytestmark = pytest.mark.django_db

COPIES = Fee(code="PHI_BAN_SAO", name="Phí cấp bản sao", amount=8000, quantity_field="so_ban_sao")
ON_REQUEST = Fee(
    code="PHI_BAN_SAO",
    name="Phí cấp bản sao",
    amount=8000,
    quantity_field="so_ban_sao",
    condition_field="yeu_cau_ban_sao",
    condition_values=[True],
)
BY_CHOICE = Fee(
    code="PHI_NHANH", name="Phí trả nhanh", amount=50000, condition_field="hinh_thuc", condition_values=["Nhanh"]
)
FREE = Fee(code="LE_PHI", name="Lệ phí", amount=0)


def priced(catalogue, declaration):
    return [
        (line.code, line.quantity, line.amount)
        for line in fees.select_fees(catalogue, channel="online", declaration=declaration)
    ]


@pytest.mark.parametrize(
    ("copies", "expected"),
    [(0, []), (1, [("PHI_BAN_SAO", 1, 8000)]), (3, [("PHI_BAN_SAO", 3, 24000)])],
)
def test_copies_times_the_unit_price(copies, expected):
    assert priced([COPIES], {"so_ban_sao": copies}) == expected


def test_no_answer_or_a_wrong_type_is_no_copy():
    assert priced([COPIES], {}) == []
    assert priced([COPIES], {"so_ban_sao": "3"}) == []
    assert priced([COPIES], {"so_ban_sao": True}) == []  # a yes is not a count


@pytest.mark.parametrize(
    ("requested", "copies", "expected"),
    [
        (True, 3, [("PHI_BAN_SAO", 3, 24000)]),
        (False, 3, []),
        (None, 3, []),  # not answered: not requested
        (True, 0, []),
        (1, 2, []),  # 1 is not true
    ],
)
def test_only_if_requested(requested, copies, expected):
    declaration = {"so_ban_sao": copies} | ({} if requested is None else {"yeu_cau_ban_sao": requested})
    assert priced([FREE, ON_REQUEST], declaration) == [("LE_PHI", 1, 0), *expected]


@pytest.mark.parametrize(("choice", "total"), [("Nhanh", 50000), ("Thường", 0)])
def test_a_condition_on_a_choice(choice, total):
    assert fees.total(fees.select_fees([BY_CHOICE], channel="online", declaration={"hinh_thuc": choice})) == total


def test_without_a_declaration_the_catalogue_amount_is_charged_once():
    """Counter filing: the officer reads the paper form; what does not apply is exempted, as before."""
    assert priced([FREE, ON_REQUEST, BY_CHOICE], None) == [
        ("LE_PHI", 1, 0),
        ("PHI_BAN_SAO", 1, 8000),
        ("PHI_NHANH", 1, 50000),
    ]


def test_the_line_names_its_count():
    (line,) = fees.select_fees([COPIES], channel="online", declaration={"so_ban_sao": 3})
    assert line.label == "Phí cấp bản sao (3 × 8.000 đ)"
    assert line.snapshot() == {"code": "PHI_BAN_SAO", "name": "Phí cấp bản sao (3 × 8.000 đ)", "amount": 24000}


@given(
    copies=st.one_of(st.integers(min_value=-(10**9), max_value=10**9), st.none(), st.booleans(), st.text(max_size=3)),
    requested=st.one_of(st.booleans(), st.none(), st.integers(), st.text(max_size=3)),
    amount=st.integers(min_value=0, max_value=10**9),
)
def test_fee_arithmetic(copies, requested, amount):
    catalogue = [
        Fee(code="A", name="a", amount=amount, quantity_field="n"),
        Fee(code="B", name="b", amount=amount, quantity_field="n", condition_field="r", condition_values=[True]),
        Fee(code="C", name="c", amount=amount),
    ]
    lines = fees.select_fees(catalogue, channel="online", declaration={"n": copies, "r": requested})
    assert fees.total(lines) == sum(line.due for line in lines)
    for line in lines:
        assert 1 <= line.quantity <= fees.QUANTITY_MAX
        assert line.amount == line.quantity * amount >= 0
    counted = isinstance(copies, int) and not isinstance(copies, bool) and copies > 0
    assert {line.code for line in lines} == {"C"} | ({"A"} if counted else set()) | (
        {"B"} if counted and requested is True else set()
    )


def test_the_dossier_is_charged_per_copy_and_exemptions_still_work(world):
    dossier = a_dossier(world, form_data=BIRTH_FORM | {"so_ban_sao": 3}).received().build()
    summary = fees.fee_summary(dossier)
    assert [(line.code, line.due) for line in summary.lines] == [("LE_PHI", 0), ("PHI_BAN_SAO", 24000)]
    services.fee_exempt(actor=world.officer_c, dossier=dossier, fee_code="PHI_BAN_SAO", reason="Hộ nghèo")
    assert fees.fee_summary(dossier).outstanding == 0


def test_no_copy_asked_for_is_no_fee(world):
    answers = {k: v for k, v in BIRTH_FORM.items() if k != "so_ban_sao"}
    dossier = a_dossier(world, form_data=answers).received().build()
    assert [(line.code, line.due) for line in fees.dossier_fees(dossier)] == [("LE_PHI", 0)]
    assert fees.outstanding(dossier) == 0


def test_the_counter_dossier_still_owes_the_copy_fee_until_exempted(world):
    dossier = a_dossier(world, channel="counter").received().build()
    assert fees.outstanding(dossier) == 8000
