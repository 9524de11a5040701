"""What a dossier owes: its procedure version's fees, chosen by channel and case, less exemptions, plus the
financial obligations the handling unit asked for during processing.

The catalogue does not link fees to channels or cases, so two code conventions do:
- a code ending in `_TRUC_TIEP` is charged for counter and post filing, `_TRUC_TUYEN` for online filing
  (the seed's residence fees: 20.000 đ at the counter, 10.000 đ online);
- a code `<BASE>__<CASE>` is charged only in that case and replaces the fee `<BASE>` (e.g. `LE_PHI__QUA_HAN`:
  late birth registration pays 5.000 đ instead of the free `LE_PHI`).
Other fees are charged on every dossier.

A fee may follow the e-form declaration (`Fee.quantity_field`, `Fee.condition_field`): its amount is charged
once per unit of an integer answer (copies × unit price; 0 or no answer: not charged), or only when an answer is
one of the listed values ("only if requested"). A dossier without a declaration (counter and post filing, where
the paper form is read by the officer) is charged such a fee once, as the catalogue states it. Facts the
catalogue cannot know (under or over 14 years old) are settled by an officer exempting the line that does not
apply, with the reason.

The page that shows the fees before filing, the dossier's lines and its receipts all come from `select_fees`.
"""

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.catalog.models import Channel
from motcua.core.templatetags.motcua import vnd
from motcua.dossiers.actions import Action

CASE_SEPARATOR = "__"
CHANNEL_SUFFIXES = {
    "_TRUC_TIEP": {Channel.COUNTER, Channel.POST},
    "_TRUC_TUYEN": {Channel.ONLINE},
}
REQUEST_PREFIX = "YC"  # lines asked for during processing: YC<event seq>
QUANTITY_MAX = 10_000  # a bound on a quantity answer whatever the e-form allows


@dataclass(frozen=True)
class FeeLine:
    code: str
    name: str
    amount: int  # VND: the catalogue's amount × quantity, or what the request states
    description: str = ""
    quantity: int = 1
    unit_amount: int | None = None  # the catalogue's amount per unit, for a line with a quantity from the e-form
    exemptions: str = ""  # who the catalogue says is exempt (text)
    exempt: bool = False
    exempt_reason: str = ""
    requested: bool = False  # a financial obligation asked for during processing
    paid: bool = False

    @property
    def due(self) -> int:
        return 0 if self.exempt else self.amount

    @property
    def label(self) -> str:
        """The name, with the count for a line priced per unit: "Phí cấp bản sao (3 × 8.000 đ)"."""
        if self.unit_amount is None:
            return self.name
        return f"{self.name} ({self.quantity} × {vnd(self.unit_amount)})"

    def snapshot(self) -> dict:
        """What a payment and its receipt keep of the line."""
        return {"code": self.code, "name": self.label, "amount": self.due}


def total(lines) -> int:
    return sum(line.due for line in lines)


def _channel_fits(code: str, channel: str) -> bool:
    for suffix, channels in CHANNEL_SUFFIXES.items():
        if code.endswith(suffix):
            return channel in channels
    return True


def _same(answer, value) -> bool:
    """Equal and of the same type: `true` does not answer a condition on `1`."""
    return type(answer) is type(value) and answer == value


def quantity_of(fee, declaration: dict | None) -> int:
    """How many times `fee` is charged given the declaration: 0 when it is not charged at all.

    Without a declaration the fee is charged once, as the catalogue states it."""
    if declaration is None:
        return 1
    if fee.condition_field:
        answer = declaration.get(fee.condition_field)
        if not any(_same(answer, value) for value in fee.condition_values or []):
            return 0
    if fee.quantity_field:
        answer = declaration.get(fee.quantity_field)
        if not isinstance(answer, int) or isinstance(answer, bool):
            return 0
        return max(0, min(answer, QUANTITY_MAX))
    return 1


def _line(fee, quantity: int, code=None) -> FeeLine:
    unit_amount = int(fee.amount)
    return FeeLine(
        code=code or fee.code,
        name=fee.name,
        amount=unit_amount * quantity,
        description=fee.description,
        exemptions=fee.exemptions,
        quantity=quantity,
        unit_amount=unit_amount if fee.quantity_field else None,
    )


def select_fees(fees, *, channel: str, case_code: str = "", declaration: dict | None = None) -> list[FeeLine]:
    """The catalogue fees a dossier filed through `channel`, in case `case_code`, with the e-form answers
    `declaration` (None: no declaration), is charged."""
    lines: dict[str, object] = {}
    overrides = []
    for fee in fees:
        if CASE_SEPARATOR in fee.code:
            base, case = fee.code.split(CASE_SEPARATOR, 1)
            if case and case == case_code and _channel_fits(base, channel):
                overrides.append((base, fee))
        elif _channel_fits(fee.code, channel):
            lines[fee.code] = fee
    for base, fee in overrides:  # the case's amount takes the base fee's place (or is added)
        lines[base] = fee
    return [_line(fee, quantity) for fee in lines.values() if (quantity := quantity_of(fee, declaration)) > 0]


def fees_for(
    version, case_code: str = "", channel: str = Channel.ONLINE, declaration: dict | None = None
) -> list[FeeLine]:
    """The fees to show before filing (the online filing page, updated as the e-form is answered): no exemptions
    are known yet. A version with an e-form is priced on the answers given so far (none yet: `{}`)."""
    if version.eform and declaration is None:
        declaration = {}
    return select_fees(version.fees.all(), channel=channel, case_code=case_code, declaration=declaration)


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
    return select_fees(
        dossier.version.fees.all(),
        channel=dossier.channel,
        case_code=_case_code(dossier),
        declaration=dossier.form_data if isinstance(dossier.form_data, dict) else None,
    )


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
