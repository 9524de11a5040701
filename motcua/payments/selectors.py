"""Reading payments: a dossier's payments and receipts, and the day's takings per service point."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.utils import timezone

from .models import Method, Payment, Receipt, Status


def dossier_payments(dossier) -> list[Payment]:
    return list(dossier.payments.select_related("receipt", "created_by").order_by("-created_at"))


def dossier_receipts(dossier) -> list[Receipt]:
    return list(dossier.receipts.order_by("issued_at"))


@dataclass
class Takings:
    count: int = 0
    amount: int = 0


@dataclass
class UnitTakings:
    unit: object
    by_method: dict[str, Takings] = field(default_factory=lambda: {m: Takings() for m in Method.values})

    @property
    def total(self) -> Takings:
        return Takings(
            count=sum(t.count for t in self.by_method.values()),
            amount=sum(t.amount for t in self.by_method.values()),
        )

    @property
    def qr(self) -> Takings:
        return self.by_method[Method.QR]

    @property
    def cash(self) -> Takings:
        return self.by_method[Method.CASH]


@dataclass
class Reconciliation:
    day: date
    rows: list[UnitTakings]
    receipts: list[Receipt]

    @property
    def totals(self) -> UnitTakings:
        overall = UnitTakings(unit=None)
        for row in self.rows:
            for method, takings in row.by_method.items():
                overall.by_method[method].count += takings.count
                overall.by_method[method].amount += takings.amount
        return overall


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The local day as an aware half-open interval (the centre works in Vietnam's time)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def reconciliation(*, day: date, units) -> Reconciliation:
    """Paid payments and receipts of `day` per service point, by method. Two queries whatever the data."""
    start, end = day_bounds(day)
    unit_ids = [u.pk for u in units]
    rows = {u.pk: UnitTakings(unit=u) for u in units}
    sums = (
        Payment.objects.filter(status=Status.PAID, unit_id__in=unit_ids, paid_at__gte=start, paid_at__lt=end)
        .values("unit_id", "method")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by()
    )
    for item in sums:
        rows[item["unit_id"]].by_method[item["method"]] = Takings(item["count"], int(item["amount"] or 0))
    receipts = list(
        Receipt.objects.filter(unit_id__in=unit_ids, issued_at__gte=start, issued_at__lt=end)
        .select_related("dossier", "unit", "issued_by", "payment")
        .order_by("unit_id", "issued_at", "seq")
    )
    return Reconciliation(day=day, rows=list(rows.values()), receipts=receipts)
