"""Fills in the findings list a county was sent, the way a clerk does in Excel, with openpyxl.

The list (test/returned/sent.ts writes it) keeps every column; the clerk types 整改状态 in Chinese, the
报告日期 once as text and otherwise as a real Excel date, a note now and then, leaves the findings it has
not looked at unanswered, and signs below the table in a column that is not the key.

    python3 test/returned/fill.py SENT.xlsx test/returned/returned.xlsx
"""
import datetime
import sys

import openpyxl

sent, returned = sys.argv[1], sys.argv[2]
book = openpyxl.load_workbook(sent)
sheet = book.worksheets[0]
header = [cell.value for cell in sheet[1]]
column = {name: header.index(name) + 1 for name in header}

answers = {
    "F01:R01": ("已整改", "2021年11月1日", "资金已于9月到账"),
    "F01:R03": ("已整改", datetime.date(2021, 11, 20), "已补足"),
    "F04:R04": ("已整改", datetime.date(2021, 10, 8), None),
    "F06:R06": ("情况说明", "2021-11-30", "两人均为该村被征地农民, 人数以村民会议确认为准"),
    "F08:R08:R-440104********0019_1": ("整改中", datetime.date(2021, 12, 20), "正在追回重复记账金额"),
}
for row in range(2, sheet.max_row + 1):
    key = sheet.cell(row, column["线索编号"]).value
    if key not in answers:
        continue
    status, reported, note = answers[key]
    sheet.cell(row, column["整改状态"]).value = status
    date_cell = sheet.cell(row, column["报告日期"])
    date_cell.value = reported
    if isinstance(reported, datetime.date):
        date_cell.number_format = "yyyy/m/d"
    if note:
        sheet.cell(row, column["整改说明"]).value = note

sheet.cell(sheet.max_row + 2, column["线索"]).value = "填报人：李四  联系电话：0000-0000000"
book.save(returned)
