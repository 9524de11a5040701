"""CSV and Excel exports. Every cell goes through `spreadsheet_cell`: text that a spreadsheet would run as a
formula (a unit name "=HYPERLINK(…)", typed by whoever may name a unit) is written as text."""

import csv
import io

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (tab and carriage return can hide one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """The value as written in an export: numbers stay numbers (-3 is a number, not text); text that starts like
    a formula gets a leading apostrophe, which spreadsheets show and never evaluate."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_export(header, rows) -> str:
    """UTF-8 text with a byte-order mark, so that Excel reads Vietnamese correctly."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return out.getvalue()


def _xlsx_cell(value):
    value = spreadsheet_cell(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters openpyxl refuses to write
    return value


def xlsx_export(header, rows, *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in [header, *rows]:
        sheet.append([_xlsx_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
