"""Reads a workbook the way an auditor's tools see it (openpyxl) and prints what the tests check, as JSON.

Per cell of the first sheet: its value (dates as YYYY-MM-DD), openpyxl's data type, the number format and
whether it is bold; and the sheet's frozen pane, autofilter range and column widths.

    python3 test/sheets/read_xlsx.py FILE.xlsx
"""
import datetime
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
sheet = book.worksheets[0]


def value(cell):
    v = cell.value
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    return v


rows = [
    [
        {
            "value": value(cell),
            "type": cell.data_type,
            "is_date": cell.is_date,
            "format": cell.number_format,
            "bold": bool(cell.font and cell.font.b),
        }
        for cell in row
    ]
    for row in sheet.iter_rows()
]
print(
    json.dumps(
        {
            "title": sheet.title,
            "freeze_panes": sheet.freeze_panes,
            "auto_filter": sheet.auto_filter.ref,
            "widths": {k: d.width for k, d in sheet.column_dimensions.items() if d.customWidth},
            "rows": rows,
        },
        ensure_ascii=False,
    )
)
