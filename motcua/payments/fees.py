"""What a dossier owes: its procedure version's fees, chosen by channel and case, less exemptions, plus the
financial obligations the handling unit asked for during processing.

The catalogue does not link fees to channels or cases, so two code conventions do:
- a code ending in `_TRUC_TIEP` is charged for counter and post filing, `_TRUC_TUYEN` for online filing
  (the seed's residence fees: 20.000 đ at the counter, 10.000 đ online);
- a code `<BASE>__<CASE>` is charged only in that case and replaces the fee `<BASE>` (e.g. `LE_PHI__QUA_HAN`:
  late birth registration pays 5.000 đ instead of the free `LE_PHI`).
Other fees are charged on every dossier. Fees that depend on facts the catalogue cannot know (under or over
14 years old, copies requested) are settled by an officer exempting the line that does not apply, with the reason.
"""

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.catalog.models import Channel
from motcua.dossiers.actions import Action

CASE_SEPARATOR = "__"
CHANNEL_SUFFIXES = {
    "_TRUC_TIEP": {Channel.COUNTER, Channel.POST},
    "_TRUC_TUYEN": {Channel.ONLINE},
}
REQUEST_PREFIX = "YC"  # lines asked for during processing: YC<event seq>


@dataclass(frozen=True)
class FeeLine:
    code: str
    name: str
    amount: int  # VND, as the catalogue or the request states it
    description: str = ""
    exemptions: str = ""  # who the catalogue says is exempt (text)
    exempt: bool = False
    exempt_reason: str = ""
    requested: bool = False  # a financial obligation asked for during processing
    paid: bool = False

    @property
    def due(self) -> int:
        return 0 if self.exempt else self.amount

    def snapshot(self) -> dict:
        """What a payment and its receipt keep of the line."""
        return {"code": self.code, "name": self.name, "amount": self.due}


def total(lines) -> int:
    return sum(line.due for line in lines)


def _channel_fits(code: str, channel: str) -> bool:
    for suffix, channels in CHANNEL_SUFFIXES.items():
        if code.endswith(suffix):
            return channel in channels
    return True


def _line(fee, code=None) -> FeeLine:
    return FeeLine(
        code=code or fee.code,
        name=fee.name,
        amount=int(fee.amount),
        description=fee.description,
        exemptions=fee.exemptions,
    )


def select_fees(fees, *, channel: str, case_code: str = "") -> list[FeeLine]:
    """The catalogue fees a dossier filed through `channel`, in case `case_code`, is charged."""
    lines: dict[str, FeeLine] = {}
    overrides = []
    for fee in fees:
        if CASE_SEPARATOR in fee.code:
            base, case = fee.code.split(CASE_SEPARATOR, 1)
            if case and case == case_code and _channel_fits(base, channel):
                overrides.append((base, fee))
        elif _channel_fits(fee.code, channel):
            lines[fee.code] = _line(fee)
    for base, fee in overrides:  # the case's amount takes the base fee's place (or is added)
        lines[base] = _line(fee)
    return list(lines.values())


def fees_for(version, case_code: str = "", channel: str = Channel.ONLINE) -> list[FeeLine]:
    """The fees to show before filing (the online filing page): no exemptions are known yet."""
    return select_fees(version.fees.all(), channel=channel, case_code=case_code)


def _requested_lines(dossier) -> list[FeeLine]:
    events = dossier.events.filter(action=Action.REQUEST_PAYMENT).select_related("unit").order_by("seq")
    lines = []
    for event in events:
        amount = int((event.data or {}).get("amount") or 0)
        if amount <= 0:
            continue
        name = _("Financial obligation requested by %(unit)s") % {"unit": event.unit.name if event.unit else "—"}
        lines.append(
            FeeLine(
                code=f"{REQUEST_PREFIX}{event.seq}",
                name=f"{name}: {event.note}" if event.note else name,
                amount=amount,
                requested=True,
            )
        )
    return lines


def catalogue_lines(dossier) -> list[FeeLine]:
    return select_fees(dossier.version.fees.all(), channel=dossier.channel, case_code=_case_code(dossier))


def _case_code(dossier) -> str:
    return dossier.case.code if dossier.case_id else ""


def dossier_fees(dossier) -> list[FeeLine]:
    """Every line the dossier is charged, exemptions applied and paid lines marked (three queries)."""
    lines = catalogue_lines(dossier) + _requested_lines(dossier)
    exemptions = {e.fee_code: e.reason for e in dossier.fee_exemptions.all()}
    paid = paid_codes(dossier)
    return [
        dataclasses.replace(
            line,
            exempt=line.code in exemptions,
            exempt_reason=exemptions.get(line.code, ""),
            paid=line.code in paid,
        )
        for line in lines
    ]


def paid_codes(dossier) -> set[str]:
    """Lines already paid: those on the dossier's receipts."""
    return {line["code"] for lines in dossier.receipts.values_list("lines", flat=True) for line in lines}


def unpaid_lines(lines) -> list[FeeLine]:
    return [line for line in lines if line.due > 0 and not line.paid]


def outstanding(dossier) -> int:
    return total(unpaid_lines(dossier_fees(dossier)))


@dataclass(frozen=True)
class FeeSummary:
    lines: list[FeeLine]
    total: int  # charged, exemptions applied
    paid: int
    outstanding: int


def fee_summary(dossier) -> FeeSummary:
    lines = dossier_fees(dossier)
    unpaid = total(unpaid_lines(lines))
    charged = total(lines)
    return FeeSummary(lines=lines, total=charged, paid=charged - unpaid, outstanding=unpaid)
