"""Electronic receipts (biên lai điện tử): gap-free numbers per series and year, and the PDF."""

from django.utils import timezone

from motcua.core.printing import place_and_date, render_form_pdf
from motcua.dossiers.printouts import qr_svg
from motcua.dossiers.routing import centre_of
from motcua.dossiers.selectors import lookup_link

from .models import Method, ReceiptSequence
from .words import amount_in_words


def receipt_number(series: str, year: int, seq: int) -> str:
    return f"{series}{year}-{seq:06d}"


def next_receipt_seq(series: str, year: int) -> int:
    """The next number of the series in the year. Must run inside the transaction that issues the receipt:
    the counter row stays locked until it commits, and a rollback gives the number back (no gaps)."""
    ReceiptSequence.objects.bulk_create([ReceiptSequence(series=series, year=year)], ignore_conflicts=True)
    sequence = ReceiptSequence.objects.select_for_update().get(series=series, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def render_receipt_pdf(receipt) -> bytes:
    dossier = receipt.dossier
    centre = centre_of(receipt.unit)
    payment = getattr(receipt, "payment", None)
    context = {
        "receipt": receipt,
        "dossier": dossier,
        "payment": payment,
        "by_transfer": payment is not None and payment.method == Method.QR,
        "authority": (centre.parent.name if centre.parent_id else "").upper(),
        "office": receipt.unit.name.upper(),
        "in_words": amount_in_words(receipt.amount),
        "qr": qr_svg(dossier),
        "code": dossier.code,
        "link": lookup_link(dossier),
        "place_date": place_and_date(centre.province, receipt.issued_at),
        "footer_ref": receipt.number,
        "printed_at": timezone.localtime(),
    }
    return render_form_pdf("payments/receipt.html", context)
