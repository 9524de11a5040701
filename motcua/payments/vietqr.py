"""VietQR: the NAPAS EMVCo merchant-presented QR code for a bank transfer to an account.

The payload is a string of TLV fields (2-digit tag, 2-digit length, value) ending with a CRC-16/CCITT-FALSE
over everything before it, "6304" included. Every Vietnamese banking app reads it and fills in the
beneficiary, amount and transfer content.
"""

import re
from dataclasses import dataclass

import segno

GUID = "A000000727"  # NAPAS
SERVICE_TO_ACCOUNT = "QRIBFTTA"  # inter-bank fast transfer to an account number
CURRENCY_VND = "704"
COUNTRY = "VN"
_TEXT = re.compile(r"[0-9A-Za-z .\-_/]*")


class PayloadError(ValueError):
    pass


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    if not (len(tag) == 2 and tag.isdigit()):
        raise PayloadError(f"tag {tag!r} is not two digits")
    if len(value) > 99:
        raise PayloadError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def parse_tlv(data: str) -> list[tuple[str, str]]:
    """Split a TLV string into (tag, value) pairs; refuses anything that does not add up exactly."""
    fields = []
    i = 0
    while i < len(data):
        head = data[i : i + 4]
        if len(head) < 4 or not head.isdigit():
            raise PayloadError(f"bad field header at {i}")
        length = int(head[2:])
        value = data[i + 4 : i + 4 + length]
        if len(value) != length:
            raise PayloadError(f"field {head[:2]} is cut short")
        fields.append((head[:2], value))
        i += 4 + length
    return fields


def with_crc(body: str) -> str:
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def _ascii_text(value: str, name: str, limit: int) -> str:
    if not _TEXT.fullmatch(value) or len(value) > limit:
        raise PayloadError(f"{name} must be at most {limit} letters, digits, spaces or . - _ /")
    return value


@dataclass(frozen=True)
class Transfer:
    bank_bin: str
    account: str
    amount: int
    reference: str
    purpose: str = ""


def build(transfer: Transfer) -> str:
    """The payload for a transfer of `amount` đồng to `account` at the bank `bank_bin`, its content
    (purpose, field 62-08) starting with the payment reference so the bank's callback can be matched."""
    if not (len(transfer.bank_bin) == 6 and transfer.bank_bin.isdigit()):
        raise PayloadError("the bank BIN is six digits")
    if not (transfer.account.isalnum() and transfer.account.isascii() and len(transfer.account) <= 19):
        raise PayloadError("the account number is at most 19 letters or digits")
    if not (isinstance(transfer.amount, int) and 0 < transfer.amount < 10**13):
        raise PayloadError("the amount is a whole number of đồng between 1 and 13 digits")
    reference = _ascii_text(transfer.reference, "reference", 25)
    purpose = _ascii_text(" ".join(f"{reference} {transfer.purpose}".split()), "purpose", 50)
    beneficiary = tlv("00", transfer.bank_bin) + tlv("01", transfer.account)
    account_info = tlv("00", GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    additional = tlv("05", reference) + tlv("08", purpose)
    body = (
        tlv("00", "01")
        + tlv("01", "12")  # dynamic: this code is for one payment
        + tlv("38", account_info)
        + tlv("53", CURRENCY_VND)
        + tlv("54", str(transfer.amount))
        + tlv("58", COUNTRY)
        + tlv("62", additional)
    )
    return with_crc(body)


def parse(payload: str) -> Transfer:
    """Read a payload back (checks the CRC first); what a banking app does when it scans the code."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise PayloadError("no CRC field at the end")
    if f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}" != payload[-4:].upper():
        raise PayloadError("CRC mismatch")
    fields = dict(parse_tlv(payload[:-8]))
    if fields.get("00") != "01" or fields.get("53") != CURRENCY_VND or fields.get("58") != COUNTRY:
        raise PayloadError("not a VND VietQR payload")
    account_info = dict(parse_tlv(fields.get("38", "")))
    if account_info.get("00") != GUID:
        raise PayloadError("not a NAPAS payload")
    beneficiary = dict(parse_tlv(account_info.get("01", "")))
    additional = dict(parse_tlv(fields.get("62", "")))
    reference = additional.get("05", "")
    purpose = additional.get("08", "")
    return Transfer(
        bank_bin=beneficiary.get("00", ""),
        account=beneficiary.get("01", ""),
        amount=int(fields.get("54", "0")),
        reference=reference,
        purpose=purpose.removeprefix(reference).strip(),
    )


def svg_data_uri(payload: str) -> str:
    """The code as an SVG data URI for an <img> (the pages allow images from data: only)."""
    return segno.make(payload, error="m", micro=False).svg_data_uri(scale=5, border=2)
