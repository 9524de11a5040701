"""CSV and Excel exports. Every cell goes through `spreadsheet_cell`: text that a spreadsheet would run as a
formula (a unit name "=HYPERLINK(…)", typed by whoever may name a unit) is written as text.

An Excel export is a report one can print or forward as it is (`xlsx_report`): a title, the lines that say what it
covers (period, unit, filters) and when it was generated above the table; a bold header that stays in view, as
does the first column; numbers with thousands separators, rates as percentages; columns wide enough to read; a
sheet named in Vietnamese."""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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


# Number formats (Excel shows the reader's own separators: "1.234" and "87,5%" in Vietnamese).
TEXT = "@"
COUNT = "#,##0"
DECIMAL = "#,##0.0"
PERCENT = "0.0%"
# What a sheet name may not hold (Excel refuses it), and its length.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class Column:
    """A column of a report: its header, how its numbers read, and how wide it is at least (in characters)."""

    label: str
    number_format: str = TEXT
    width: int = 8

    def value(self, value):
        """Rates come in percent (87.5) and are written as the fraction Excel formats as a percentage (0.875)."""
        if self.number_format == PERCENT and isinstance(value, int | float) and not isinstance(value, bool):
            return value / 100
        return value


@dataclass(frozen=True)
class Heading:
    """What is written above the table: the title, then one line each for what the report covers."""

    title: str
    lines: tuple[str, ...] = ()


def sheet_name(text: str) -> str:
    """A name Excel accepts for a sheet: diacritics kept, no [ ] : * ? / \\, no apostrophe at either end, at most
    31 characters."""
    name = " ".join(SHEET_NAME_FORBIDDEN.sub(" ", str(text)).split()).strip(" '")
    return name[:SHEET_NAME_MAX].rstrip() or "Sheet1"


def _shown_length(value) -> int:
    return len(f"{value:,}") if isinstance(value, int) else len(str(value))


def _width(column: Column, values) -> int:
    """Wide enough for the header's longest word (the header wraps) and the longest value, at most 60."""
    longest_word = max((len(word) for word in column.label.split()), default=0)
    longest_value = max((_shown_length(value) for value in values), default=0)
    return min(60, max(column.width, longest_word + 2, longest_value + 2))


def xlsx_report(columns: list[Column], rows, *, heading: Heading, sheet_title: str, total_row: bool = False) -> bytes:
    """The rows as an Excel report. `total_row`: the last row is a total, in bold."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(sheet_title)
    last_column = get_column_letter(len(columns))
    sheet.cell(row=1, column=1, value=_xlsx_cell(heading.title)).font = Font(bold=True, size=14)
    for number, line in enumerate(heading.lines, start=2):
        sheet.cell(row=number, column=1, value=_xlsx_cell(line)).font = Font(italic=True)
    for number in range(1, len(heading.lines) + 2):  # the title and its lines span the table's width
        sheet.merge_cells(f"A{number}:{last_column}{number}")
    header_row = len(heading.lines) + 3  # after a blank row

    thin = Side(style="thin", color="808080")
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=header_row, column=index, value=_xlsx_cell(column.label))
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E7E6E6")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    rows = [list(row) for row in rows]
    for row in rows:
        sheet.append([_xlsx_cell(column.value(value)) for column, value in zip(columns, row, strict=True)])
        for column, cell in zip(columns, sheet[sheet.max_row], strict=True):
            cell.number_format = column.number_format
    if total_row and rows:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.border = Border(top=thin)

    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column, [row[index - 1] for row in rows])
    sheet.freeze_panes = f"B{header_row + 1}"  # the header and the first column stay in view
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{max(sheet.max_row, header_row)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
