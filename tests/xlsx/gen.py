"""Workbooks for the tests, written by openpyxl at test time.

gen.py KIND OUT: KIND is one of the functions below.  openpyxl (Debian's
python3-openpyxl, 3.0) writes no rich text, error values or cached formula
results, so those cells are put into the sheet's XML afterwards, as Excel
writes them.
"""
import datetime
import re
import sys
import zipfile

import openpyxl


def patch(path, fixes, add=None):
    """Rewrite parts of the zip at path: fixes maps a part to a function;
    add maps new parts to their text."""
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename in fixes:
                data = fixes[info.filename](data.decode()).encode()
            z.writestr(info, data)
        for name, text in (add or {}).items():
            z.writestr(name, text)


SST = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'count="2" uniqueCount="2"><si><t>plain</t></si><si>'
       '<r><rPr><b/></rPr><t>Иванов</t></r><r><t xml:space="preserve"> Иван</t></r>'
       '<rPh sb="0" eb="1"><t>фонетика</t></rPh></si></sst>')
SST_REL = ('<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
           'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
SST_CT = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


def cell(xml, ref, new):
    """Replace the cell ref (with or without content) by new."""
    pat = r'<c r="%s"[^>]*?(/>|>.*?</c>)' % ref
    out, n = re.subn(pat, new, xml, count=1)
    assert n == 1, ref
    return out


def contacts(out, date1904=False):
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Клиенты"
    hidden = wb.create_sheet("Notes", 0)
    hidden.sheet_state = "hidden"
    hidden.append(["not", "this"])
    ws.append([])
    ws.append(["external_id", "name", "email", "phone", "postal_code",
               "birthday", "note", "created_at"])
    ws.append(["c1", "Иванов Иван", "a@example.ru", "+79161234567", "010203",
               datetime.date(1990, 5, 17), "x", datetime.datetime(2024, 1, 2, 3, 4, 5)])
    ws.append(["c2", "Petrov", "b@example.ru", 79161234568, 101000,
               datetime.date(2000, 2, 29), 0.1 + 0.2, None])
    ws["F4"].number_format = "dd.mm.yyyy"
    ws.append(["c3", "Smith", None, None, None, None, True, None])
    ws["J5"] = None
    ws.append(["c4", "Ольга", "d@example.ru", None, None, None, "f", None])
    s2 = wb.create_sheet("Second")
    s2.append(["x", "y"])
    s2.append(["1", "2"])
    wb.active = 1
    wb.save(out)

    def sheet(xml):
        xml = cell(xml, "G3", '<c r="G3" t="e"><f>NA()</f><v>#N/A</v></c>')
        # shared strings: B3 rich text with a phonetic run, B5 plain
        xml = cell(xml, "B3", '<c r="B3" t="s"><v>1</v></c>')
        xml = cell(xml, "B5", '<c t="s"><v>0</v></c>')
        xml = cell(xml, "G6", '<c r="G6"><f>1+2</f><v>3</v></c>')
        # columns past Z, a cell with no reference and an inline string
        xml = xml.replace('</row><row r="6"',
                          '<c r="AB5" t="inlineStr"><is><t>far</t></is></c></row><row r="6"', 1)
        return xml

    patch(out, {"xl/worksheets/sheet2.xml": sheet,
                "xl/_rels/workbook.xml.rels":
                lambda x: x.replace("</Relationships>", SST_REL + "</Relationships>"),
                "[Content_Types].xml":
                lambda x: x.replace("</Types>", SST_CT + "</Types>")},
          {"xl/sharedStrings.xml": SST})


def dates(out, date1904=False):
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "d"
    ws.append(["external_id", "email", "v"])
    fmts = ["yyyy-mm-dd", "d/m/yy", "mmm d, yyyy", "hh:mm:ss", "yyyy-mm-dd hh:mm",
            '[$-409]d mmm yyyy;@', '"d" 0.00', "[h]:mm", "0.00", "General"]
    for i, f in enumerate(fmts):
        ws.append(["d%d" % i, "d%d@example.ru" % i, 45000.75])
        ws.cell(row=i + 2, column=3).number_format = f
    ws.append(["e1", "e1@example.ru", 59])
    ws.append(["e2", "e2@example.ru", 60])
    ws.append(["e3", "e3@example.ru", 61])
    for r in (12, 13, 14):
        ws.cell(row=r, column=3).number_format = "yyyy-mm-dd"
    # a format without seconds: none shown, unless the value has some
    ws.append(["e4", "e4@example.ru", 45000.75])
    ws.append(["e5", "e5@example.ru", 45000.75 + 1 / 86400])
    for r in (15, 16):
        ws.cell(row=r, column=3).number_format = "dd.mm.yyyy hh:mm"
    wb.save(out)
    # built-in format 14 (Excel's short date) for row 12
    patch(out, {"xl/worksheets/sheet1.xml":
                lambda x: cell(x, "C12", '<c r="C12" s="99"><v>59</v></c>'),
                "xl/styles.xml": lambda x: re.sub(
                    r'(<cellXfs count=")(\d+)(">)(.*?)(</cellXfs>)',
                    lambda m: m.group(1) + m.group(2) + m.group(3) + m.group(4) +
                    '<xf numFmtId="0"/>' * (99 - int(m.group(2))) +
                    '<xf numFmtId="14" applyNumberFormat="1"/>' + m.group(5), x, 1)})


def broken_xml(out):
    contacts(out)
    patch(out, {"xl/worksheets/sheet2.xml":
                lambda x: x.replace('<c r="C4"', '<c r="C4"<<', 1)})


def bomb(out):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + " " * (64 << 20) + "</sheetData></worksheet>")


def same(out):
    """The same rows as out (a workbook) and out.csv, as a person keys them."""
    import csv
    rows = [["external_id", "Фамилия", "Имя", "Телефон", "E-mail", "Индекс", "Дата рождения"],
            ["s1", "Иванов", "Иван", "+7 916 123-45-67", "i@example.ru", "010203", "1990-05-17"],
            ["s2", "Петрова", "Анна", "8 (495) 123-45-67", "a@example.ru", "101000", "2001-12-31"],
            ["s3", "Smith", "John", "", "j@example.com", "", ""]]
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, r in enumerate(rows):
        if i and r[6]:
            r = r[:6] + [datetime.date.fromisoformat(r[6])]
        ws.append([v if v != "" else None for v in r])
    wb.save(out)
    with open(out + ".csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def prefixed(out):
    """same, its sheet's elements with a prefix (x:c), as the Open XML SDK
    writes them."""
    same(out)

    def sheet(xml):
        xml = re.sub(r'<(/?)(?!\?)([A-Za-z]+)', r'<\1x:\2', xml)
        return xml.replace(' xmlns="', ' xmlns:x="', 1)
    patch(out, {"xl/worksheets/sheet1.xml": sheet})


def xlsm(out):
    """same, as a macro-enabled workbook (.xlsm): its content type and a
    VBA project part."""
    same(out)
    patch(out, {"[Content_Types].xml": lambda x: x.replace(
        "spreadsheetml.sheet.main+xml", "ms-excel.sheet.macroEnabled.main+xml")},
        {"xl/vbaProject.bin": "\xd0\xcf\x11\xe0 not run"})


def fromcsv(out, path):
    """The CSV file at path as a workbook, every cell text (as a person
    pastes it)."""
    import csv
    wb = openpyxl.Workbook()
    ws = wb.active
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.reader(f):
            ws.append([v if v != "" else None for v in r])
    wb.save(out)


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_cell(v, rep=1):
    r = ' table:number-columns-repeated="%d"' % rep if rep > 1 else ""
    if v is None:
        return "<table:table-cell%s/>" % r
    if isinstance(v, bool):
        return ('<table:table-cell%s office:value-type="boolean" office:boolean-value="%s">'
                "<text:p>%s</text:p></table:table-cell>" % (r, "true" if v else "false", v))
    if isinstance(v, (int, float)):
        return ('<table:table-cell%s office:value-type="float" office:value="%r">'
                "<text:p>%s</text:p></table:table-cell>" % (r, v, v))
    if isinstance(v, datetime.date):
        return ('<table:table-cell%s office:value-type="date" office:date-value="%s">'
                "<text:p>%s</text:p></table:table-cell>" % (r, v.isoformat(), v.strftime("%d.%m.%Y")))
    return ('<table:table-cell%s office:value-type="string"><text:p>%s</text:p></table:table-cell>'
            % (r, v.replace("&", "&amp;").replace("<", "&lt;")))


def ods_write(out, tables, styles=""):
    """tables: (name, style or None, [row xml]) in order."""
    body = ""
    for name, st, rows in tables:
        body += '<table:table table:name="%s"%s>' % (name, ' table:style-name="%s"' % st if st else "")
        body += "".join(rows) + "</table:table>"
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
               "<office:automatic-styles>%s</office:automatic-styles>"
               "<office:body><office:spreadsheet>%s</office:spreadsheet></office:body>"
               "</office:document-content>" % (ODS_NS, styles, body))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        z.writestr("content.xml", content)


def row(cells, rep=1):
    r = ' table:number-rows-repeated="%d"' % rep if rep > 1 else ""
    return "<table:table-row%s>%s</table:table-row>" % (r, "".join(cells))


def ods(out):
    """An .ods written as LibreOffice does: a hidden table first, repeated
    rows and columns, typed cells, a note, spaces as text:s."""
    hide = ('<style:style style:name="ta2" style:family="table">'
            '<style:table-properties table:display="false"/></style:style>')
    data = [
        row([ods_cell("external_id"), ods_cell("name"), ods_cell("email"), ods_cell("n"),
             ods_cell("when"), ods_cell("t"), ods_cell("ok"), ods_cell(None, 1020)]),
        row([ods_cell("o1"), '<table:table-cell office:value-type="string"><text:p>Анна'
             '<text:s text:c="2"/>Ли</text:p><office:annotation><text:p>note</text:p>'
             "</office:annotation></table:table-cell>",
             ods_cell("o1@example.ru"), ods_cell(1.5), ods_cell(datetime.date(2024, 3, 12)),
             '<table:table-cell office:value-type="time" office:time-value="PT10H30M00S">'
             "<text:p>10:30</text:p></table:table-cell>", ods_cell(True), ods_cell(None, 1020)]),
        row([ods_cell(None, 1024)], 3),
        row([ods_cell("o2"), ods_cell("x"), ods_cell("o2@example.ru"), ods_cell(7, 2),
             ods_cell(None, 2), ods_cell(False)]),
        row([ods_cell(None, 1024)], 1048570),
    ]
    ods_write(out, [("Hidden", "ta2", [row([ods_cell("no")])]), ("Лист1", None, data)], hide)


def ods_same(out):
    """same() as an .ods."""
    rows = [["external_id", "Фамилия", "Имя", "Телефон", "E-mail", "Индекс", "Дата рождения"],
            ["s1", "Иванов", "Иван", "+7 916 123-45-67", "i@example.ru", "010203", datetime.date(1990, 5, 17)],
            ["s2", "Петрова", "Анна", "8 (495) 123-45-67", "a@example.ru", "101000", datetime.date(2001, 12, 31)],
            ["s3", "Smith", "John", None, "j@example.com", None, None]]
    ods_write(out, [("S", None, [row([ods_cell(v) for v in r]) for r in rows])])


def xls(out):
    """same() as an Excel 97-2003 .xls, written by xlwt (python3-xlwt)."""
    import xlwt
    rows = [["external_id", "Фамилия", "Имя", "Телефон", "E-mail", "Индекс", "Дата рождения"],
            ["s1", "Иванов", "Иван", "+7 916 123-45-67", "i@example.ru", "010203", datetime.date(1990, 5, 17)],
            ["s2", "Петрова", "Анна", "8 (495) 123-45-67", "a@example.ru", "101000", datetime.date(2001, 12, 31)],
            ["s3", "Smith", "John", None, "j@example.com", None, None]]
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Лист1")
    wb.add_sheet("Второй").write(0, 0, "x")
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, datetime.date):
                ws.write(r, c, v, date)
            elif v is not None:
                ws.write(r, c, v)
    wb.save(out)


def big(out, rows):
    """rows x 10 columns as a workbook (openpyxl's write-only mode) and the
    same as out.csv, for bench/60-xlsx.sh."""
    import csv
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("big")
    hdr = ["external_id", "email", "phone", "last_name", "first_name",
           "city", "postal_code", "company", "position", "source"]
    ws.append(hdr)
    with open(out + ".csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(hdr)
        for i in range(int(rows)):
            r = ["id%d" % i, "user%d@example.com" % i, "+7916%07d" % i,
                 "Фамилия%d" % (i % 5000), "Имя%d" % (i % 300), "Москва",
                 "%06d" % (i % 999999), "ООО Ромашка %d" % (i % 20000),
                 "менеджер", "web"]
            ws.append(r)
            w.writerow(r)
    wb.save(out)


if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    if kind.endswith("1904"):
        globals()[kind[:-4]](out, True)
    else:
        globals()[kind](out, *args)
