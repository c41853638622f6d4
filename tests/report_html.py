#!/usr/bin/env python3
"""Checks of crm-report --html pages (tests/6030, tests/6031).

  report_html.py page PAGE DIR PERIOD STORE
      PAGE is well-formed (every element closed, in order), self-contained
      (no script, nothing fetched: no src, no href but #anchors, no url()
      or @import in the CSS), its <title> names PERIOD and STORE, and for every DIR/NAME.csv (crm-report -f csv
      NAME) its table NAME holds exactly the CSV's rows, cell for cell.
  report_html.py png FILE WIDTH HEIGHT
      FILE is a PNG of WIDTH x HEIGHT that is not blank: 100 colours or
      more (text is smoothed), among them the charts' first colour
      #4e79a7 (the SVG was drawn).

Exit 0, or 1 with the reasons on stderr.  Python's standard library only.
"""
import csv
import os
import struct
import sys
import zlib
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.title = None
        self.tables = {}     # data-report -> rows (lists of cells)
        self.table = None    # rows of the table being read
        self.row = None
        self.cell = None
        self.svgs = 0
        self.style = []
        self.in_title = self.in_style = False

    def where(self):
        return "line %d" % self.getpos()[0]

    def handle_starttag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)
        a = dict(attrs)
        if tag == "script":
            self.errors.append("%s: a script" % self.where())
        elif tag == "svg":
            self.svgs += 1
        elif tag == "title" and self.stack[:-1] == ["html", "head"]:
            self.in_title = True
            self.title = ""
        elif tag == "style":
            self.in_style = True
        elif tag == "table" and "data-report" in a:
            self.table = self.tables.setdefault(a["data-report"], [])
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_startendtag(self, tag, attrs):
        self.check_attrs(tag, attrs)

    def check_attrs(self, tag, attrs):
        for k, v in attrs:
            v = v or ""
            if k == "src" or (k == "href" and not v.startswith("#")):
                self.errors.append("%s: <%s %s=%r> fetches" %
                                   (self.where(), tag, k, v))
            if k == "xmlns" and v != "http://www.w3.org/2000/svg":
                self.errors.append("%s: xmlns %r" % (self.where(), v))
            if k.startswith("on"):
                self.errors.append("%s: script in %s" % (self.where(), k))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("%s: </%s> closes <%s>" % (
                self.where(), tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "title":
            self.in_title = False
        elif tag == "style":
            self.in_style = False
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.table.append(self.row)
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.in_style:
            self.style.append(data)
        if self.cell is not None:
            self.cell += data


def check_page(path, csvdir, period, store):
    errors = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("<!DOCTYPE html>"):
        errors.append("no <!DOCTYPE html>")
    p = Page()
    p.feed(text)
    p.close()
    errors += p.errors
    if p.stack:
        errors.append("not closed at the end: %s" % p.stack)
    css = "".join(p.style)
    for bad in ("url(", "@import", "http:", "https:"):
        if bad in css:
            errors.append("the CSS fetches: %r" % bad)
    if p.title is None or period not in p.title or store not in p.title:
        errors.append("title %r does not name %s and %s" %
                      (p.title, period, store))
    names = sorted(n[:-4] for n in os.listdir(csvdir) if n.endswith(".csv"))
    for name in names:
        with open(os.path.join(csvdir, name + ".csv"), newline="",
                  encoding="utf-8") as f:
            want = list(csv.reader(f))
        got = p.tables.get(name)
        if got is None:
            errors.append("%s: no table" % name)
        elif got != want:
            for i, (g, w) in enumerate(zip(got, want)):
                if g != w:
                    errors.append("%s: row %d: page %s, csv %s" %
                                  (name, i, g, w))
                    break
            else:
                errors.append("%s: %d rows on the page, %d in the CSV" %
                              (name, len(got), len(want)))
    if set(p.tables) - set(names):
        errors.append("tables without a CSV: %s" %
                      sorted(set(p.tables) - set(names)))
    return errors


def check_png(path, width, height):
    with open(path, "rb") as f:
        d = f.read()
    if d[:8] != b"\x89PNG\r\n\x1a\n":
        return ["not a PNG"]
    pos, idat, hdr = 8, [], None
    while pos + 8 <= len(d):
        n, = struct.unpack(">I", d[pos:pos + 4])
        typ, body = d[pos + 4:pos + 8], d[pos + 8:pos + 8 + n]
        pos += 12 + n
        if typ == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif typ == b"IDAT":
            idat.append(body)
    if not hdr:
        return ["no IHDR"]
    w, h, depth, ctype, _, _, interlace = hdr
    if (w, h) != (width, height):
        return ["%dx%d, not %dx%d" % (w, h, width, height)]
    if depth != 8 or ctype not in (2, 6) or interlace:
        return ["a PNG this check does not read (depth %d, colour type %d)"
                % (depth, ctype)]
    raw = zlib.decompress(b"".join(idat))
    bpp = 3 if ctype == 2 else 4
    stride = w * bpp
    prev = bytearray(stride)
    colours = set()
    blue = (0x4e, 0x79, 0xa7)
    seen_blue = False
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else
                                      b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            px = tuple(line[x:x + 3])
            colours.add(px)
            if px == blue:
                seen_blue = True
        prev = line
        if len(colours) >= 100 and seen_blue:
            return []
    return ["blank: %d colours, chart colour %s" %
            (len(colours), "seen" if seen_blue else "not seen")]


def main(argv):
    if len(argv) == 6 and argv[1] == "page":
        errors = check_page(argv[2], argv[3], argv[4], argv[5])
    elif len(argv) == 5 and argv[1] == "png":
        errors = check_png(argv[2], int(argv[3]), int(argv[4]))
    else:
        sys.stderr.write(__doc__)
        return 2
    for e in errors:
        sys.stderr.write("%s: %s\n" % (argv[2], e))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
