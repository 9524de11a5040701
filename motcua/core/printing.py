"""What every printed form shares: the place-and-date line, the QR code and the Code-128 barcode as images, and the
HTML-to-PDF step. The forms' layout (header, signature block, page) is `core/printed-form.html`."""

import base64
import io
from datetime import datetime

import segno
from barcode import Code128
from barcode.writer import SVGWriter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

# A place name is written without the kind of the unit (Decree 30/2020, appendix I: "Hà Nội", not "Thành phố Hà Nội").
PLACE_PREFIXES = ("Thành phố ", "Tỉnh ")


def place_name(province) -> str:
    name = province.name if province is not None else ""
    for prefix in PLACE_PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def place_and_date(province, when: datetime) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2026": a day below 10 and the months January and February take a leading
    zero, the other months do not (Decree 30/2020/NĐ-CP, appendix I, item 5)."""
    day = timezone.localtime(when) if timezone.is_aware(when) else when
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place_name(province)}, ngày {day.day:02d} tháng {month} năm {day.year}"


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=3, border=1)


def code128_data_uri(text: str) -> str:
    """A Code-128 barcode of `text` (a dossier code) as an SVG image, without the human-readable line: the forms
    print the code in text next to it. A desk scanner reading it types the code into the workspace search."""
    out = io.BytesIO()
    options = {"module_height": 8.0, "module_width": 0.25, "quiet_zone": 2.0, "write_text": False}
    Code128(text, writer=SVGWriter()).write(out, options=options)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def render_form_pdf(template: str, context: dict) -> bytes:
    """The form `template` (extending `core/printed-form.html`) as PDF, in Vietnamese whatever the reader's
    language: official forms are in Vietnamese."""
    with translation.override("vi"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
