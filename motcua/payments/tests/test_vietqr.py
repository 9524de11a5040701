import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.payments import vietqr
from motcua.payments.vietqr import PayloadError, Transfer

TEXT = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=12)
TRANSFERS = st.builds(
    Transfer,
    bank_bin=st.from_regex(r"9704[0-9]{2}", fullmatch=True),
    account=st.from_regex(r"[0-9]{6,19}", fullmatch=True),
    amount=st.integers(min_value=1, max_value=10**13 - 1),
    reference=TEXT,
    purpose=TEXT,
)


def test_crc_check_value():
    # The catalogue check value of CRC-16/CCITT-FALSE.
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1


def test_known_payload_layout():
    payload = vietqr.build(
        Transfer(bank_bin="970415", account="113366668888", amount=8000, reference="MCABC123", purpose="HS1")
    )
    assert payload.startswith("000201" + "010212")
    assert "38560010A000000727" in payload  # NAPAS GUID inside the account information (38)
    assert "0126" + "0006970415" + "0112113366668888" in payload and "0208QRIBFTTA" in payload
    assert "5303704" in payload and "54048000" in payload and "5802VN" in payload
    assert "0508MCABC123" in payload and "0812MCABC123 HS1" in payload
    assert payload[-8:-4] == "6304"
    assert payload[-4:] == f"{vietqr.crc16_ccitt_false(payload[:-4].encode()):04X}"


@given(TRANSFERS)
def test_parses_back_to_the_same_transfer(transfer):
    payload = vietqr.build(transfer)
    assert vietqr.parse(payload) == transfer


@given(TRANSFERS)
def test_every_length_adds_up(transfer):
    payload = vietqr.build(transfer)
    fields = vietqr.parse_tlv(payload)
    assert sum(4 + len(value) for _tag, value in fields) == len(payload)
    assert [tag for tag, _value in fields] == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert all(len(value) <= 99 for _tag, value in fields)


@given(TRANSFERS, st.data())
def test_crc_detects_a_changed_character(transfer, data):
    payload = vietqr.build(transfer)
    position = data.draw(st.integers(min_value=0, max_value=len(payload) - 5))
    replacement = data.draw(
        st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ").filter(lambda c: c != payload[position])
    )
    changed = payload[:position] + replacement + payload[position + 1 :]
    with pytest.raises(PayloadError):
        vietqr.parse(changed)


@given(st.lists(st.tuples(st.from_regex(r"[0-9]{2}", fullmatch=True), st.text(max_size=99)), max_size=6))
def test_tlv_round_trip(fields):
    assert vietqr.parse_tlv("".join(vietqr.tlv(tag, value) for tag, value in fields)) == fields


@pytest.mark.parametrize(
    "changes",
    [
        {"bank_bin": "97041"},
        {"account": "11-22"},
        {"amount": 0},
        {"amount": 10**13},
        {"reference": "Mã có dấu"},
        {"reference": "X" * 26},
    ],
)
def test_refuses_what_a_bank_would_not_read(changes):
    fields = {"bank_bin": "970415", "account": "113366668888", "amount": 8000, "reference": "MC1"} | changes
    with pytest.raises(PayloadError):
        vietqr.build(Transfer(**fields))


def test_tlv_refuses_long_values():
    with pytest.raises(PayloadError):
        vietqr.tlv("62", "x" * 100)


def test_svg_is_a_data_uri():
    payload = vietqr.build(Transfer(bank_bin="970415", account="1", amount=1, reference="R"))
    assert vietqr.svg_data_uri(payload).startswith("data:image/svg+xml")
