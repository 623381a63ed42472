#!/usr/bin/env python3
"""The front-door corpus: one small valid data set (clean/) and, for each way real offices shape their
exports, one folder holding the file(s) that replace a table of it, made with the tools that make such
files in the field: openpyxl and xlsxwriter (what Python-based systems write), pandas (data teams),
LibreOffice headless (WPS/LibreOffice users, .xls/.ods/.xlsm, recalculated formulas, password
protection), and GBK CSV with CRLF and no BOM (Excel "CSV (逗号分隔)" on Chinese Windows).

test/corpus/door.ts declares what each case must give; test/corpus.test.ts runs them. Re-run after a
change: `python3 test/corpus/files/make.py` (needs openpyxl, xlsxwriter, pandas, soffice, and the system
python3 with LibreOffice's uno module for the encrypted workbook). Files are small (the clean
distributions table has 450 rows); the large cases (40 MB lines, zip bombs) are made by the test itself.
"""
import csv
import datetime as dt
import decimal
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
import pandas as pd
import xlsxwriter
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(14)

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check_char(first17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def person_id(county, birth, seq):
    first17 = f"{county}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


# ---------------------------------------------------------------------------------------------- clean
VILLAGES = [
    ("440103001001", "沙面村", "1.2", "0.8"),
    ("440103001002", "彩虹村", "1.5", "0.75"),
    ("440103001003", "西村", "0.9", "0.82"),
    ("440103001004", "南源村", "1.1", "0.78"),
    ("441702100001", "白沙村", "2", "0.9"),
    ("441702100002", "岗列村", "1.8", "0.85"),
    ("441702100003", "城西村", "2.2", "0.88"),
    ("441702100004", "平冈村", "1.6", "0.8"),
]
PROJECTS = [
    # project_id, name, county, applied, approved, supplied, area, farmland, zone_price, method, required
    ("4401032019001", "荔湾区2019年度第一批次城镇建设用地", "440103", "2019-01-05", "2019-03-01", "2019-06-01", "12", "10", "50000", "per_person", "180000.00"),
    ("4401032019002", "荔湾区2019年度第二批次城镇建设用地", "440103", "", "2019-08-15", "", "8.5", "8", "60000", "per_person", "135000.00"),
    ("4401032021001", "荔湾区2021年度第一批次城镇建设用地", "440103", "2021-05-10", "2021-09-01", "2021-12-20", "20", "15", "80000", "per_land", "288000.00"),
    ("4417022018001", "江城区2018年度第一批次城镇建设用地", "441702", "", "2018-04-12", "2018-09-30", "30", "28", "40000", "per_person", "252000.00"),
    ("4417022020001", "江城区2020年度第一批次城镇建设用地", "441702", "2020-02-01", "2020-06-18", "", "15", "12", "45000", "per_person", "108000.00"),
    ("4417022022001", "江城区2022年度第一批次城镇建设用地", "441702", "2022-03-03", "2022-07-07", "2022-12-01", "25", "20", "70000", "per_land", "350000.00"),
]
PROJECT_VILLAGES = [
    ("4401032019001", "440103001001", "6", "2019-04-10", "12"),
    ("4401032019001", "440103001002", "4", "", ""),
    ("4401032019002", "440103001003", "8", "2019-09-20", "10"),
    ("4401032021001", "440103001002", "7", "2021-10-01", ""),
    ("4401032021001", "440103001004", "8", "", ""),
    ("4417022018001", "441702100001", "18", "2018-05-01", "20"),
    ("4417022018001", "441702100002", "10", "", ""),
    ("4417022020001", "441702100003", "12", "2020-07-01", "15"),
    ("4417022022001", "441702100004", "20", "2022-08-01", ""),
]
FLOWS = []
for p in PROJECTS:
    pid, approved, required = p[0], dt.date.fromisoformat(p[4]), p[10]
    FLOWS.append((f"PZ{pid[-7:]}01", pid, "deposit", "pre_deposit", (approved - dt.timedelta(days=20)).isoformat(), required))
    FLOWS.append((f"PZ{pid[-7:]}02", pid, "transfer", "special", (approved + dt.timedelta(days=30)).isoformat(), required))
FLOWS.append(("PZ2018001R", "4417022018001", "refund", "pre_deposit", "2019-01-15", "1200.50"))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华"
DISTRIBUTIONS = []
seq_of = {}
for i in range(450):
    pid, vcode = PROJECT_VILLAGES[i % len(PROJECT_VILLAGES)][:2]
    project = next(p for p in PROJECTS if p[0] == pid)
    approved = dt.date.fromisoformat(project[4])
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 60 * 365))
    county = vcode[:6]
    seq_of[county] = seq_of.get(county, 0) + 1
    pin = person_id(county, birth, seq_of[county] % 1000)
    fen = rng.choice([90000, 120050, 210915, 300000, 45075, 900000]) + rng.randrange(0, 100)
    credited = approved + dt.timedelta(days=rng.randrange(40, 700))
    account = "pre_deposit" if (credited - birth).days < 16 * 365 else "individual"
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    DISTRIBUTIONS.append(
        {"record_id": f"FF{2019 + i % 4}{i + 1:05d}", "project_id": pid, "village_code": vcode, "person_id": pin,
         "amount_yuan": f"{fen // 100}.{fen % 100:02d}", "credited_on": credited.isoformat(), "account": account, "name": name}
    )
# Clerks list people by project and village: the order the merged-cell cases merge over.
DISTRIBUTIONS.sort(key=lambda d: (d["project_id"], d["village_code"], d["record_id"]))

D_FIELDS = ["record_id", "project_id", "village_code", "person_id", "amount_yuan", "credited_on", "account"]
D_ZH = ["记录号", "批次编号", "村代码", "公民身份号码", "金额(元)", "记账日期", "账户"]
ACCOUNT_ZH = {"individual": "个人账户", "pre_deposit": "个人预存款账户"}
TABLE_FIELDS = {
    "projects": ["project_id", "project_name", "county_code", "applied_on", "approved_on", "supplied_on", "area_mu", "farmland_mu", "zone_price", "method", "required_yuan"],
    "villages": ["village_code", "village_name", "farmland_per_capita_mu", "adult_share"],
    "project_villages": ["project_id", "village_code", "farmland_mu", "compensation_paid_on", "quota"],
    "fund_flows": ["flow_id", "project_id", "flow", "account", "flow_on", "amount_yuan"],
    "distributions": D_FIELDS,
}
P_ZH = ["批次编号", "项目名称", "县区代码", "报批日期", "批复日期", "供地日期", "征收面积(亩)", "农用地面积(亩)", "区片综合地价(元/亩)", "筹资办法", "应筹补贴资金(元)"]


def out(case, name):
    path = os.path.join(HERE, case, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def write_csv(path, header, rows, encoding="utf-8", newline="\n"):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator=newline)
        w.writerow(header)
        w.writerows(rows)


def d_rows(ds=None):
    return [[d[f] for f in D_FIELDS] for d in (ds or DISTRIBUTIONS)]


def date_of(text):
    return dt.datetime.fromisoformat(text)


def total_fen(ds=None):
    return sum(int(d["amount_yuan"].replace(".", "")) for d in (ds or DISTRIBUTIONS))


def yuan(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def excel_csv(path, rows):
    """A CSV as Excel on Chinese Windows saves one: GBK, CRLF, no BOM, quoted only where needed."""
    with open(path, "w", encoding="gbk", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def typed_row(d, zh_account=False):
    """A distributions row with the cell types a clerk's workbook has: IDs as text, amounts as numbers, dates as dates."""
    return [d["record_id"], d["project_id"], d["village_code"], d["person_id"], float(d["amount_yuan"]),
            date_of(d["credited_on"]), ACCOUNT_ZH[d["account"]] if zh_account else d["account"]]


def style_dates(ws, column, first_row, last_row, fmt="yyyy-mm-dd"):
    for r in range(first_row, last_row + 1):
        ws.cell(r, column).number_format = fmt


def soffice(src, fmt, outdir):
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", outdir, src], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def clean():
    shutil.rmtree(os.path.join(HERE, "clean"), ignore_errors=True)
    for table, fields in TABLE_FIELDS.items():
        rows = {"projects": PROJECTS, "villages": VILLAGES, "project_villages": PROJECT_VILLAGES,
                "fund_flows": FLOWS, "distributions": d_rows()}[table]
        write_csv(out("clean", f"{table}.csv"), fields, rows)


# ---------------------------------------------------------------------------------------------- workbooks
def clerk_sheet(ws, title=None, unit=None, two_row=False, with_seq=False, names=False):
    """A distributions sheet as a county clerk lays it out: optional title (merged across), unit row,
    two-row header with a merged group, 序号 column, 姓名 column. Returns the first data row."""
    header = (["序号"] if with_seq else []) + D_ZH[:3] + (["姓名"] if names else []) + D_ZH[3:]
    width = len(header)
    r = 1
    if title:
        ws.cell(r, 1, title).font = Font(bold=True, size=14)
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    if unit:
        ws.cell(r, width, unit)
        r += 1
    if two_row:
        # Group headers over pairs of fields; fields not in a group are merged down over both rows.
        groups = {"批次编号": "所属批次", "村代码": "所属批次", "金额(元)": "分配情况", "记账日期": "分配情况"}
        for c, h in enumerate(header, start=1):
            if h in groups:
                ws.cell(r, c, groups[h])
                ws.cell(r + 1, c, h)
            else:
                ws.cell(r, c, h)
                ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        for group in ("所属批次", "分配情况"):
            cols = [c for c, h in enumerate(header, start=1) if groups.get(h) == group]
            ws.merge_cells(start_row=r, start_column=cols[0], end_row=r, end_column=cols[-1])
        r += 2
    else:
        for c, h in enumerate(header, start=1):
            ws.cell(r, c, h).font = Font(bold=True)
        r += 1
    first = r
    for i, d in enumerate(DISTRIBUTIONS):
        row = typed_row(d)
        if names:
            row = row[:3] + [d["name"]] + row[3:]
        if with_seq:
            row = [i + 1] + row
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
        r += 1
    date_col = header.index("记账日期") + 1
    style_dates(ws, date_col, first, r - 1)
    amount_col = header.index("金额(元)") + 1
    for rr in range(first, r):
        ws.cell(rr, amount_col).number_format = "#,##0.00"
    return first, r, header


def workbooks():
    title = "江城区、荔湾区被征地农民养老保险补贴分配明细表"

    wb = openpyxl.Workbook()
    clerk_sheet(wb.active, title=title)
    wb.active.title = "分配明细"
    wb.save(out("xlsx-title-row", "distributions.xlsx"))

    wb = openpyxl.Workbook()
    clerk_sheet(wb.active, title=title, unit="单位: 元")
    wb.save(out("xlsx-title-unit-rows", "distributions.xlsx"))

    wb = openpyxl.Workbook()
    clerk_sheet(wb.active, title=title, two_row=True)
    wb.save(out("xlsx-two-row-header", "distributions.xlsx"))

    wb = openpyxl.Workbook()
    clerk_sheet(wb.active, with_seq=True, names=True)
    wb.save(out("xlsx-seq-and-name-columns", "distributions.xlsx"))

    # 合计 merged over the text columns, the amount a SUM formula as Excel shows it (cached by LibreOffice).
    for case, stated in (("xlsx-totals-row", None), ("xlsx-totals-row-disagrees", total_fen() + 10000)):
        wb = openpyxl.Workbook()
        ws = wb.active
        first, r, header = clerk_sheet(ws, title=title)
        amount = header.index("金额(元)") + 1
        ws.cell(r, 1, "合计")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=amount - 1)
        col = get_column_letter(amount)
        ws.cell(r, amount, f"=SUM({col}{first}:{col}{r - 1})" if stated is None else stated / 100)
        ws.cell(r + 2, 1, "填表人：王小明")
        ws.cell(r + 2, 4, "审核人：李大华")
        ws.cell(r + 3, 1, "填报日期：2026年11月20日")
        tmp = tempfile.mkdtemp()
        wb.save(os.path.join(tmp, "distributions.xlsx"))
        # LibreOffice opens, recalculates and saves: the formula keeps its cached value, as Excel's would.
        soffice(os.path.join(tmp, "distributions.xlsx"), "xlsx", os.path.join(HERE, case))
        shutil.rmtree(tmp)

    # Merged project and village cells over their people, as clerks format a list.
    wb = openpyxl.Workbook()
    ws = wb.active
    first, r, header = clerk_sheet(ws, title=title)
    for col in (2, 3):
        start = first
        for rr in range(first + 1, r + 1):
            if rr == r or ws.cell(rr, col).value != ws.cell(start, col).value:
                if rr - 1 > start:
                    value = ws.cell(start, col).value
                    ws.merge_cells(start_row=start, start_column=col, end_row=rr - 1, end_column=col)
                    ws.cell(start, col).value = value
                start = rr
    wb.save(out("xlsx-merged-cells", "distributions.xlsx"))
    # The same workbook after LibreOffice: merged cells keep no values but the first.
    soffice(out("xlsx-merged-cells", "distributions.xlsx"), "xlsx", os.path.join(HERE, "xlsx-merged-cells-libreoffice"))

    # Sheets: instructions first; an empty first sheet; a hidden old version first; two matching sheets.
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    for i, line in enumerate(["填表说明:", "1. 身份证号码请设置为文本格式。", "2. 金额单位为元, 保留两位小数。", "3. 记账日期写成 2023-05-06。"], start=1):
        notes.cell(i, 1, line)
    clerk_sheet(wb.create_sheet("分配明细"))
    wb.save(out("xlsx-instructions-sheet-first", "distributions.xlsx"))

    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    clerk_sheet(wb.create_sheet("Sheet2"))
    wb.save(out("xlsx-empty-sheet-first", "distributions.xlsx"))

    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "旧版(勿用)"
    for c, h in enumerate(D_ZH, start=1):
        old.cell(1, c, h)
    for i, d in enumerate(DISTRIBUTIONS[:100], start=2):
        for c, v in enumerate(typed_row({**d, "amount_yuan": "1.00"}), start=1):
            old.cell(i, c, v)
    old.sheet_state = "hidden"
    clerk_sheet(wb.create_sheet("分配明细"))
    wb.save(out("xlsx-hidden-old-sheet-first", "distributions.xlsx"))

    wb = openpyxl.Workbook()
    wb.active.title = "分配明细"
    clerk_sheet(wb.active)
    copy = wb.create_sheet("分配明细(备份)")
    clerk_sheet(copy)
    wb.save(out("xlsx-two-matching-sheets", "distributions.xlsx"))

    wb = openpyxl.Workbook()
    wb.active.title = "填表说明"
    wb.active.cell(1, 1, "本表由系统导出")
    wb.create_sheet("统计").cell(1, 1, "合计")
    wb.save(out("xlsx-no-sheet-holds-the-table", "distributions.xlsx"))

    # Header cells with line breaks: typed with Alt+Enter (LF) and with CR LF, which Excel stores as _x000D_.
    wb = openpyxl.Workbook()
    ws = wb.active
    header = ["记录号", "批次\n编号", "村代码", "身份证\n号码", "金额_x000D_\n(元)", "记账\r\n日期", "账户"]
    for c, h in enumerate(header, start=1):
        ws.cell(1, c, h).alignment = Alignment(wrap_text=True)
    for i, d in enumerate(DISTRIBUTIONS, start=2):
        for c, v in enumerate(typed_row(d), start=1):
            ws.cell(i, c, v)
    style_dates(ws, 6, 2, len(DISTRIBUTIONS) + 1)
    wb.save(out("xlsx-header-line-breaks", "distributions.xlsx"))

    # Other systems' column names (社保 and 财政 exports).
    wb = openpyxl.Workbook()
    ws = wb.active
    header = ["业务流水号", "征地批次编号", "村(居)代码", "证件号码", "发放金额(元)", "发放日期", "账户类型"]
    for c, h in enumerate(header, start=1):
        ws.cell(1, c, h)
    for i, d in enumerate(DISTRIBUTIONS, start=2):
        for c, v in enumerate(typed_row(d, zh_account=True), start=1):
            ws.cell(i, c, v)
    style_dates(ws, 6, 2, len(DISTRIBUTIONS) + 1)
    wb.save(out("xlsx-other-systems-column-names", "distributions.xlsx"))

    # Mac Excel's 1904 date system: date cells and a serial-number cell in a date column.
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    for c, h in enumerate(D_ZH, start=1):
        ws.cell(1, c, h)
    for i, d in enumerate(DISTRIBUTIONS, start=2):
        for c, v in enumerate(typed_row(d), start=1):
            ws.cell(i, c, v)
    style_dates(ws, 6, 2, len(DISTRIBUTIONS) + 1)
    wb.save(out("xlsx-1904-date-system", "distributions.xlsx"))

    # Formulas written by a program and never opened in Excel: no cached values (openpyxl writes none).
    wb = openpyxl.Workbook()
    ws = wb.active
    for c, h in enumerate(D_ZH + ["单价", "人数"], start=1):
        ws.cell(1, c, h)
    for i, d in enumerate(DISTRIBUTIONS, start=2):
        row = typed_row(d)
        row[4] = f"=H{i}*I{i}"
        for c, v in enumerate(row + [float(d["amount_yuan"]), 1], start=1):
            ws.cell(i, c, v)
    style_dates(ws, 6, 2, len(DISTRIBUTIONS) + 1)
    wb.save(out("xlsx-formulas-without-values", "distributions.xlsx"))
    # The same workbook after it was opened and saved (LibreOffice computes and caches every formula).
    soffice(out("xlsx-formulas-without-values", "distributions.xlsx"), "xlsx", os.path.join(HERE, "xlsx-formulas-with-cached-values"))

    # #N/A from a lookup that found nothing, cached by LibreOffice as Excel would.
    wb = openpyxl.Workbook()
    ws = wb.active
    for c, h in enumerate(D_ZH, start=1):
        ws.cell(1, c, h)
    for i, d in enumerate(DISTRIBUTIONS, start=2):
        row = typed_row(d)
        if i in (5, 9):
            row[4] = "=NA()"
        if i == 12:
            row[2] = '=VLOOKUP("无此村",A1:B2,2,FALSE)'
        for c, v in enumerate(row, start=1):
            ws.cell(i, c, v)
    style_dates(ws, 6, 2, len(DISTRIBUTIONS) + 1)
    tmp = tempfile.mkdtemp()
    wb.save(os.path.join(tmp, "distributions.xlsx"))
    soffice(os.path.join(tmp, "distributions.xlsx"), "xlsx", os.path.join(HERE, "xlsx-error-cells"))
    shutil.rmtree(tmp)

    # IDs as numbers: pandas writes int64 columns as numbers (what a data team exports).
    frame = pd.DataFrame([{**{k: d[k] for k in D_FIELDS}, "person_id": int(d["person_id"]) if d["person_id"][-1] != "X" else d["person_id"]} for d in DISTRIBUTIONS])
    frame["amount_yuan"] = frame["amount_yuan"].astype(float)
    frame.to_excel(out("xlsx-ids-stored-as-numbers", "distributions.xlsx"), index=False, engine="openpyxl")

    # xlsxwriter, Chinese headers, project codes as numbers (13 digits fit Excel's 15: read exactly).
    path = out("xlsx-project-codes-as-numbers", "projects.xlsx")
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("批次")
    date_fmt = book.add_format({"num_format": "yyyy/m/d"})
    ws.write_row(0, 0, P_ZH)
    for i, p in enumerate(PROJECTS, start=1):
        ws.write_number(i, 0, int(p[0]))
        ws.write_string(i, 1, p[1])
        ws.write_number(i, 2, int(p[2]))
        for c in (3, 4, 5):
            if p[c]:
                ws.write_datetime(i, c, date_of(p[c]), date_fmt)
        for c in (6, 7, 8):
            ws.write_number(i, c, float(p[c]))
        ws.write_string(i, 9, {"per_person": "以人筹资", "per_land": "以地筹资"}[p[9]])
        ws.write_number(i, 10, float(p[10]))
    book.close()

    # .xlsm (macro-enabled) and legacy formats, by LibreOffice.
    tmp = tempfile.mkdtemp()
    wb = openpyxl.Workbook()
    clerk_sheet(wb.active)
    base = os.path.join(tmp, "distributions.xlsx")
    wb.save(base)
    soffice(base, "xlsm:Calc MS Excel 2007 VBA XML", os.path.join(HERE, "xlsm-workbook"))
    soffice(base, "xls", os.path.join(HERE, "xls-legacy-workbook"))
    soffice(base, "ods", os.path.join(HERE, "ods-workbook"))
    shutil.copy(os.path.join(HERE, "xls-legacy-workbook", "distributions.xls"), out("wps-et-workbook", "distributions.et"))
    # Inside a table folder: half the credits in a CSV, the other half in an unreadable or a macro workbook.
    half = len(DISTRIBUTIONS) // 2
    for case, fmt in (("folder-with-xls", "xls"), ("folder-with-ods", "ods"), ("folder-with-xlsm", "xlsm:Calc MS Excel 2007 VBA XML")):
        write_csv(out(case, "distributions/4401.csv"), D_FIELDS, d_rows(DISTRIBUTIONS[:half]))
        wb = openpyxl.Workbook()
        ws = wb.active
        for c, h in enumerate(D_ZH, start=1):
            ws.cell(1, c, h)
        for i, d in enumerate(DISTRIBUTIONS[half:], start=2):
            for c, v in enumerate(typed_row(d), start=1):
                ws.cell(i, c, v)
        style_dates(ws, 6, 2, len(DISTRIBUTIONS) - half + 1)
        src = os.path.join(tmp, "4417.xlsx")
        wb.save(src)
        soffice(src, fmt, os.path.join(HERE, case, "distributions"))
    # Excel's "Unicode text" inside a table folder: UTF-16LE with BOM, tab-separated.
    write_csv(out("folder-with-utf16-txt", "distributions/4401.csv"), D_FIELDS, d_rows(DISTRIBUTIONS[:half]))
    with open(out("folder-with-utf16-txt", "distributions/4417.txt"), "wb") as f:
        text = "\r\n".join("\t".join(r) for r in [D_ZH] + d_rows(DISTRIBUTIONS[half:])) + "\r\n"
        f.write(b"\xff\xfe" + text.encode("utf-16-le"))
    # A two-row-header workbook saved as CSV by LibreOffice (what a WPS or LibreOffice user sends).
    wb = openpyxl.Workbook()
    clerk_sheet(wb.active, title="分配明细表", two_row=True)
    src = os.path.join(tmp, "distributions.xlsx")
    wb.save(src)
    soffice(src, "csv:Text - txt - csv (StarCalc):44,34,76,1", os.path.join(HERE, "csv-libreoffice-two-row-header"))
    # A password-protected workbook (ECMA-376 encryption in an OLE container), by LibreOffice.
    encrypt(base, out("xlsx-password-protected", "distributions.xlsx"))
    password_xls(base, out("xls-password-protected", "distributions.xls"))
    shutil.rmtree(tmp)

    # The table under a capitalised name.
    wb = openpyxl.Workbook()
    clerk_sheet(wb.active)
    wb.save(out("capitalised-table-name", "Distributions.xlsx"))


def encrypt(src, target):
    """Password-protects a workbook as Excel does (ECMA-376 standard encryption: AES-128, SHA-1 key
    derivation with 50,000 rounds) inside an OLE compound file whose directory is written last, far past
    the first 4 KB. LibreOffice encrypts only .xls; this is the same structure Excel writes for .xlsx."""
    import hashlib
    import struct
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    password, salt = "2026", bytes(range(16))
    h = hashlib.sha1(salt + password.encode("utf-16-le")).digest()
    for i in range(50000):
        h = hashlib.sha1(struct.pack("<I", i) + h).digest()
    h = hashlib.sha1(h + struct.pack("<I", 0)).digest()
    x1 = hashlib.sha1(bytes(b ^ 0x36 for b in h.ljust(64, b"\0"))).digest()
    key = x1[:16]
    aes = lambda data: Cipher(algorithms.AES(key), modes.ECB()).encryptor().update(data)
    verifier = bytes(range(100, 116))
    info_header = struct.pack("<IIIIIIII", 0x24, 0, 0x660E, 0x8004, 128, 0x18, 0, 0)
    info_header += "Microsoft Enhanced RSA and AES Cryptographic Provider\0".encode("utf-16-le")
    info = struct.pack("<HHI", 3, 2, 0x24) + struct.pack("<I", len(info_header)) + info_header
    info += struct.pack("<I", 16) + salt + aes(verifier) + struct.pack("<I", 20)
    info += aes(hashlib.sha1(verifier).digest().ljust(32, b"\0"))
    plain = open(src, "rb").read()
    package = struct.pack("<Q", len(plain)) + aes(plain + b"\0" * (-len(plain) % 16))

    S, END, FREE, FATSECT = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    mini = info + b"\0" * (-len(info) % 64)
    pkg = package + b"\0" * (-len(package) % S)
    n_mini, n_pkg = len(mini) // S + (1 if len(mini) % S else 0), len(pkg) // S
    mini = mini.ljust(n_mini * S, b"\0")
    # sectors: [FAT] [mini FAT] [mini stream] [package] [directory]
    n_fat = 1
    while n_fat * 128 < n_fat + 1 + n_mini + n_pkg + 1:
        n_fat += 1
    first_minifat = n_fat
    first_mini = first_minifat + 1
    first_pkg = first_mini + n_mini
    first_dir = first_pkg + n_pkg
    total = first_dir + 1
    fat = [FATSECT] * n_fat + [END]
    fat += [first_mini + i + 1 for i in range(n_mini - 1)] + [END]
    fat += [first_pkg + i + 1 for i in range(n_pkg - 1)] + [END]
    fat += [END]
    fat += [FREE] * (n_fat * 128 - len(fat))
    n_minisect = len(info) // 64 + (1 if len(info) % 64 else 0)
    minifat = [i + 1 for i in range(n_minisect - 1)] + [END]
    minifat += [FREE] * (128 - len(minifat))

    def entry(name, kind, left, right, child, start, size):
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", left, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, FREE, FREE, 1, first_mini, n_minisect * 64)
    directory += entry("EncryptedPackage", 2, 2, FREE, FREE, first_pkg, len(package))
    directory += entry("EncryptionInfo", 2, FREE, FREE, FREE, 0, len(info))
    directory += entry("", 0, FREE, FREE, FREE, 0, 0)
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += b"\0" * 6 + struct.pack("<IIIIIIIII", 0, n_fat, first_dir, 0, 4096, first_minifat, 1, END, 0)
    header += b"".join(struct.pack("<I", i) for i in range(n_fat)) + struct.pack("<I", FREE) * (109 - n_fat)
    body = b"".join(struct.pack("<I", v) for v in fat)
    body += b"".join(struct.pack("<I", v) for v in minifat) + mini + pkg + directory
    assert len(header) == S and len(body) == total * S
    with open(target, "wb") as f:
        f.write(header + body)


def password_xls(src, target):
    """Saves a workbook as a password-protected Excel 97-2003 file through LibreOffice's UNO API."""
    script = """
import subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue
def prop(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
    "-env:UserInstallation=file:///tmp/xianbao-corpus-uno", "--accept=socket,host=localhost,port=2099;urp;"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(120):
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = resolver.resolve("uno:socket,host=localhost,port=2099;urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.5)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(sys.argv[1]), "_blank", 0, (prop("Hidden", True),))
doc.storeToURL(uno.systemPathToFileUrl(sys.argv[2]), (prop("FilterName", "MS Excel 97"), prop("Password", "2026")))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
office.wait(timeout=60)
"""
    subprocess.run(["/usr/bin/python3", "-c", script, src, target], check=True)


# ---------------------------------------------------------------------------------------------- text files
def text_files():
    title = "江城区、荔湾区被征地农民养老保险补贴分配明细表"
    width = len(D_ZH)
    blank = [""] * (width - 1)
    # Excel "CSV (逗号分隔)" of a sheet with a title, a unit row, a totals row and signatures.
    rows = [[title] + blank, blank + ["单位: 元"], D_ZH]
    rows += [[d["record_id"], d["project_id"], d["village_code"], d["person_id"], f"{float(d['amount_yuan']):,.2f}",
              d["credited_on"].replace("-", "/").replace("/0", "/"), ACCOUNT_ZH[d["account"]]] for d in DISTRIBUTIONS]
    rows += [["合计", "", "", "", f"{total_fen() / 100:,.2f}", "", ""], [""] * width,
             ["填表人：王小明", "", "", "审核人：李大华", "", "", ""], ["负责人：张伟", "", "", "", "", "", ""]]
    excel_csv(out("csv-gbk-title-totals-signatures", "distributions.csv"), rows)

    # The header on the first line after Excel's "sep=" hint.
    with open(out("csv-sep-line", "distributions.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("sep=;\r\n")
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows([D_FIELDS] + d_rows())

    # A header cell holding a line break (quoted), as Excel writes an Alt+Enter header to CSV.
    with open(out("csv-header-line-break", "distributions.csv"), "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([["记录号", "批次编号", "村代码", "身份证\n号码", "金额\n(元)", "记账日期", "账户"]] + d_rows())

    # Amounts with 元, ¥, ￥ and full-width digits; dates with dots.
    fw = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
    rows = []
    for i, d in enumerate(DISTRIBUTIONS):
        amount = d["amount_yuan"]
        grouped = f"{float(amount):,.2f}"
        amount = [f"{grouped}元", f"¥{grouped}", f"￥{amount}", f"{amount} 元", f"¥ {grouped}", f"{amount.translate(fw)}元", amount][i % 7]
        y, m, dd = d["credited_on"].split("-")
        credited = [f"{y}.{int(m)}.{int(dd)}", f"{y}.{m}.{dd}", d["credited_on"]][i % 3]
        rows.append([d["record_id"], d["project_id"], d["village_code"], d["person_id"], amount, credited, d["account"]])
    write_csv(out("csv-typed-amounts-and-dotted-dates", "distributions.csv"), D_FIELDS, rows)

    # Ambiguous dates (day/month order unknown) stay rejected.
    rows = d_rows()
    for i in (3, 10, 20):
        y, m, dd = rows[i][5].split("-")
        rows[i][5] = f"{int(m)}/{int(dd)}/{y}"
    write_csv(out("csv-ambiguous-dates", "distributions.csv"), D_FIELDS, rows)

    # IDs as Excel writes a number column to CSV: 4.40102E+17 (General format) or 15 digits and 000.
    rows = d_rows()
    for r in rows:
        r[3] = f"{float(r[3][:17] + ('0' if r[3][17] == 'X' else r[3][17])):.5E}"
    write_csv(out("csv-ids-in-scientific-notation", "distributions.csv"), D_FIELDS, rows)
    rows = d_rows()
    for r in rows:
        digits = r[3][:17] + ("0" if r[3][17] == "X" else r[3][17])
        r[3] = str(int(decimal.Decimal(f"{int(digits):.14e}")))
    write_csv(out("csv-ids-rounded-to-15-digits", "distributions.csv"), D_FIELDS, rows)

    # Project and village codes as numbers in an Excel CSV (General format shows 6 digits).
    rows = [list(p) for p in PROJECT_VILLAGES]
    for r in rows[:3]:
        r[0] = f"{float(r[0]):.5E}"
        r[1] = f"{float(r[1]):.5E}"
    write_csv(out("csv-codes-in-scientific-notation", "project_villages.csv"), TABLE_FIELDS["project_villages"], rows)

    # An unclosed quote in the middle of the credits.
    lines = [",".join(D_FIELDS)] + [",".join(r) for r in d_rows()]
    lines[101] = lines[101].replace(",individual", ',"individual').replace(",pre_deposit", ',"pre_deposit')
    with open(out("csv-unclosed-quote", "distributions.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")

    # A line with more fields than the header, holding a name and an ID (the raw line must never be shown).
    lines = [",".join(D_FIELDS + ["姓名"])] + [",".join(r + [d["name"]]) for r, d in zip(d_rows(), DISTRIBUTIONS)]
    lines[7] = lines[7] + ",13800138000,广州市荔湾区沙面北街1号"
    with open(out("csv-line-with-extra-fields", "distributions.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")

    # columns.json: a system's own headers mapped by the data directory.
    header = ["流水编号", "批次", "村编码", "身份证件", "补贴额", "入账时间", "账户"]
    write_csv(out("columns-json", "distributions.csv"), header, d_rows())
    with open(out("columns-json", "columns.json"), "w", encoding="utf-8") as f:
        f.write('{\n  "distributions": {\n    "流水编号": "record_id",\n    "批次": "project_id",\n    "村编码": "village_code",\n    "身份证件": "person_id",\n    "补贴额": "amount_yuan",\n    "入账时间": "credited_on"\n  }\n}\n')
    for case, text in (
        ("columns-json-unknown-table", '{"distribution": {"身份证件": "person_id"}}\n'),
        ("columns-json-unknown-field", '{"distributions": {"身份证件": "id_number"}}\n'),
        ("columns-json-header-of-another-field", '{"distributions": {"批次编号": "record_id"}}\n'),
        ("columns-json-one-header-two-fields", '{"distributions": {"身份证件": "person_id", "身份证件 ": "record_id"}}\n'),
        ("columns-json-not-json", "{distributions: {身份证件: person_id}}\n"),
    ):
        with open(out(case, "columns.json"), "w", encoding="utf-8") as f:
            f.write(text)

    # An HTML table named .xls, as web systems "export to Excel": title row, colspan, <br> in a header, &nbsp;.
    cells = "".join
    head = "".join(f"<th>{h.replace('(元)', '<br>(元)')}</th>" for h in D_ZH)
    body = "\n".join(
        "<tr>" + cells(f'<td style="mso-number-format:\'\\@\'">{v}</td>' for v in [d["record_id"], d["project_id"], d["village_code"], d["person_id"]])
        + f"<td>{d['amount_yuan']}</td><td>{d['credited_on']}</td><td>&nbsp;{ACCOUNT_ZH[d['account']]}&nbsp;</td></tr>"
        for d in DISTRIBUTIONS)
    html = f"""<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><style>td {{ mso-number-format:General; }}</style></head>
<body><table border="1">
<tr><td colspan="{len(D_ZH)}" align="center"><b>被征地农民养老保险补贴分配明细</b></td></tr>
<tr>{head}</tr>
{body}
<tr><td colspan="4">合计</td><td>{yuan(total_fen())}</td><td></td><td></td></tr>
</table></body></html>
"""
    with open(out("html-table-named-xls", "distributions.xls"), "w", encoding="gbk", newline="\r\n") as f:
        f.write(html)


def main():
    for entry in os.listdir(HERE):
        if os.path.isdir(os.path.join(HERE, entry)):
            shutil.rmtree(os.path.join(HERE, entry))
    clean()
    workbooks()
    text_files()
    total = 0
    for root, _, files in os.walk(HERE):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    print(f"corpus files written: {total / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
