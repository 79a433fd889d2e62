#!/usr/bin/env python3
"""Try to undo small-cell suppression by arithmetic (tests/t3960).

Reads every output given (each table in csv, json, md, html and the aligned
text format, Table 1 also as xlsx, the CONSORT SVG, the HTML report), puts
together what a reader sees of each count, and for each table writes the
sums a reader knows hold (written here afresh from what the tables mean, not
taken from analysis/suppress.c):

  balance, Table 1  per variable and arm: levels + missing = the arm's n;
                    per level, with Table 1's total column: arms = total
  CONSORT           enrolled = not randomized + randomized; randomized = the
                    arms' allocated; allocated = analysed + lost; exits =
                    their reasons; excluded = their reasons; received + not
                    received <= allocated; the analysed per arm from effects
  attrition         responders + missing = n; responders = rate x n
  subgroups         per level n = n_treat + n_control = df + 2; the levels'
                    n add up to the interaction test's n, their n_treat and
                    n_control to the whole analysis's (effects)
  forest plot       the sites' n add up to All sites' n
  effects           n = n_treat + n_control; an arm's analysed + its missing
                    (an unknown no table prints) = the arm's n; the missing
                    add up to n_missing; the analysed are the pilot's
                    with_value
  pilot             the sites add up to all, a site's months to the site,
                    all to the flow's assessed, excluded, enrolled and
                    randomized; withdrawals and exits to the flow's per
                    arm; excluded <= screened, randomized <= enrolled,
                    with_value <= allocated
  joint F test      complete rows = df1 + df2 + 1 bound the missing

Each count hidden somewhere is then solved for: Gauss-Jordan elimination in
exact fractions (a count is recovered when its row keeps no other unknown),
then bounds (every count is a whole number >= 0) propagated through every
sum until they settle (recovered when its bounds meet).  A count shown in
one output and hidden in another, or a share, rate or SD shown for a
hidden count, is a leak too.  Prints each recovery and exits 1 if there is
any, else prints how many hidden counts it tried and exits 0.
"""
import csv
import html.parser
import io
import json
import re
import sys
import zipfile
from fractions import Fraction

HIDDEN = None  # a cell the output does not show
READ = [0, 0]  # counts read from the current file, of them hidden


def count_of(cell):
    """A count as shown: an integer, HIDDEN for empty/suppressed, or "" for no cell."""
    cell = (cell or "").strip()
    if cell == "" or "suppressed" in cell:
        return HIDDEN
    m = re.match(r"^(\d+)(?: \([\d.]+\))?$", cell)
    return int(m.group(1)) if m else cell


# ---- parsers: each returns a list of rows (lists of cells), header first

def parse_csv(text):
    return [row for row in csv.reader(io.StringIO(text))]


def parse_json(text):
    rows = json.loads(text)
    if not rows:
        return []
    names = list(rows[0].keys())
    out = [names]
    for r in rows:
        out.append(["" if r[k] is None else str(r[k]) for k in names])
    return out


def parse_md(text):
    out = []
    for line in text.splitlines():
        if not line.startswith("|") or re.match(r"^\|[ :|-]+\|$", line):
            continue
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        out.append([re.sub(r"\\(.)", r"\1", c.strip()) for c in cells])
    return out


def parse_text(text):
    """The aligned text table: a text column's cells start where its name
    starts, a number column's end where its name ends."""
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines:
        return []
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", lines[0])]
    out = [[lines[0][s:e] for s, e in spans]]
    for line in lines[1:]:
        if line.startswith("Counts below"):
            break
        tokens = [(m.start(), m.end(), m.group(0))
                  for m in re.finditer(r"\S+(?: \S+)*", line)]
        cells, used = [], set()
        for i, (hs, he) in enumerate(spans):
            nxt = spans[i + 1][0] if i + 1 < len(spans) else 1 << 30
            t = next((t for t in tokens if t[0] == hs or t[1] == he), None)
            if t is None:  # an indented first cell ("  female")
                t = next((t for t in tokens if t not in used and
                          t[0] >= hs and t[1] <= nxt), None)
            if t is not None:
                used.add(t)
            cells.append(t[2] if t else "")
        out.append(cells)
    return out


class Tables(html.parser.HTMLParser):
    """Every <table> of a page, and the SVG texts and rects in it."""

    def __init__(self):
        super().__init__()
        self.tables, self.row, self.cell = [], None, None
        self.rects, self.texts, self.text = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "rect" and "stroke" in a:
            self.rects.append(tuple(float(a[k]) for k in ("x", "y", "width", "height")))
        elif tag == "text":
            self.text = [float(a.get("x", 0)), float(a.get("y", 0)), ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.tables:
            self.tables[-1].append(self.row)
            self.row = None
        elif tag == "text" and self.text:
            self.texts.append(tuple(self.text))
            self.text = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.text is not None:
            self.text[2] += data


def parse_html(text):
    p = Tables()
    p.feed(text)
    return p.tables[0] if p.tables else []


def parse_xlsx(path):
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        x = z.read("xl/sharedStrings.xml").decode()
        shared = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", x, re.S)]
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    out = []
    for row in re.findall(r"<row[^>]*>(.*?)</row>", sheet, re.S):
        cells = {}
        for ref, attrs, body in re.findall(r'<c r="([A-Z]+)\d+"([^>]*)>(.*?)</c>', row, re.S):
            v = re.search(r"<v>(.*?)</v>", body) or re.search(r"<t[^>]*>(.*?)</t>", body)
            v = v.group(1) if v else ""
            if 't="s"' in attrs:
                v = shared[int(v)]
            col = 0
            for ch in ref:
                col = col * 26 + ord(ch) - 64
            cells[col - 1] = html.unescape(v)
        out.append([cells.get(i, "") for i in range(max(cells) + 1 if cells else 0)])
    return out


def read_tables(path):
    """Every table of a file: csv and json hold one; md, html and the text
    format all four of analysis pilot, each under its title."""
    text = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        p = Tables()
        p.feed(text)
        return p.tables
    if path.endswith(".md"):
        return [parse_md(chunk) for chunk in re.split(r"\n(?=### )", text)]
    if path.endswith((".csv", ".json")):
        return [read(path)]
    chunks, cur = [], []
    for line in text.splitlines():
        if line.startswith("Rates are per month"):
            continue
        if line and not line.startswith(" ") and "  " not in line:
            if cur:  # a title: the table before it ends
                chunks.append("\n".join(cur))
            cur = []
            continue
        cur.append(line)
    chunks.append("\n".join(cur))
    return [parse_text(c) for c in chunks]


def read(path):
    if path.endswith(".xlsx"):
        return parse_xlsx(path)
    text = open(path, encoding="utf-8").read()
    if path.endswith(".csv"):
        return parse_csv(text)
    if path.endswith(".json"):
        return parse_json(text)
    if path.endswith(".md"):
        return parse_md(text)
    if path.endswith(".html"):
        return parse_html(text)
    return parse_text(text)


# ---- what the reader sees, and the sums

class System:
    def __init__(self, name):
        self.name = name
        self.seen = {}  # key -> set of shown values (HIDDEN included)
        self.sums = []  # ({key: coefficient}, constant): sum = constant
        self.le = []  # ({key: coefficient}, constant): sum <= constant
        self.leaks = []
        # Counts no output prints but the sums hold (an arm's missing):
        # unknowns to solve with, not targets.
        self.implicit = set()

    def unknown(self, key):
        self.implicit.add(key)

    def see(self, key, value):
        if value == "":
            return
        self.seen.setdefault(key, set()).add(value)
        READ[0] += 1
        READ[1] += value is HIDDEN

    def sum(self, terms, constant=0):
        self.sums.append((dict(terms), Fraction(constant)))

    def known(self, key):
        vals = {v for v in self.seen.get(key, set()) if v is not HIDDEN}
        return next(iter(vals)) if len(vals) == 1 else None

    def hidden(self):
        return sorted(k for k, v in self.seen.items() if HIDDEN in v)

    def solve(self):
        found = []
        for k, v in self.seen.items():
            if HIDDEN in v and len(v) > 1:
                found.append((k, sorted(x for x in v if x is not HIDDEN)[0], "shown elsewhere"))
        unknown = [k for k in self.hidden() if self.known(k) is None]
        unknown += sorted(k for k in self.implicit if k not in self.seen)
        col = {k: i for i, k in enumerate(unknown)}
        rows = []
        for terms, const in self.sums:
            row, b, ok = [Fraction(0)] * len(unknown), const, True
            for k, a in terms.items():
                a = Fraction(a)
                if k in col:
                    row[col[k]] += a
                elif self.known(k) is not None:
                    b -= a * self.known(k)
                else:
                    ok = False  # a count nobody sees, nor hides: no sum
            if ok:
                rows.append((row, b))
        # Gauss-Jordan in exact fractions.
        r = 0
        for c in range(len(unknown)):
            piv = next((i for i in range(r, len(rows)) if rows[i][0][c] != 0), None)
            if piv is None:
                continue
            rows[r], rows[piv] = rows[piv], rows[r]
            a = rows[r][0][c]
            rows[r] = ([x / a for x in rows[r][0]], rows[r][1] / a)
            for i in range(len(rows)):
                if i != r and rows[i][0][c] != 0:
                    f = rows[i][0][c]
                    rows[i] = ([x - f * y for x, y in zip(rows[i][0], rows[r][0])],
                               rows[i][1] - f * rows[r][1])
            r += 1
        for row, b in rows[:r]:
            nz = [i for i, x in enumerate(row) if x != 0]
            if len(nz) == 1 and unknown[nz[0]] not in self.implicit:
                found.append((unknown[nz[0]], b, "linear algebra"))
        # Bounds: whole numbers >= 0, through every sum and inequality.
        lo = {k: Fraction(0) for k in unknown}
        hi = {k: None for k in unknown}
        cons = [(row, b, True) for row, b in rows] + []
        for terms, const in self.le:
            row, b, ok = [Fraction(0)] * len(unknown), Fraction(const), True
            for k, a in terms.items():
                if k in col:
                    row[col[k]] += Fraction(a)
                elif self.known(k) is not None:
                    b -= Fraction(a) * self.known(k)
                else:
                    ok = False
            if ok:
                cons.append((row, b, False))
        for _ in range(60):
            changed = False
            for row, b, eq in cons:
                for i, a in enumerate(row):
                    if a == 0:
                        continue
                    # a x_i = b - sum_{j != i} a_j x_j  (or <= for an inequality)
                    rest_min, rest_max = Fraction(0), Fraction(0)
                    for j, aj in enumerate(row):
                        if j == i or aj == 0:
                            continue
                        l, h = lo[unknown[j]], hi[unknown[j]]
                        if aj > 0:
                            if rest_min is not None:
                                rest_min += aj * l
                            rest_max = None if rest_max is None or h is None else rest_max + aj * h
                        else:
                            rest_min = None if rest_min is None or h is None else rest_min + aj * h
                            if rest_max is not None:
                                rest_max += aj * l
                    k = unknown[i]
                    # a x <= b - rest_min; for equalities also a x >= b - rest_max
                    ub = None if rest_min is None else (b - rest_min) / a
                    lb = None if (not eq or rest_max is None) else (b - rest_max) / a
                    if a < 0:
                        ub, lb = lb, ub
                    if ub is not None:
                        ub = Fraction(int(ub // 1))
                        if hi[k] is None or ub < hi[k]:
                            hi[k], changed = ub, True
                    if lb is not None:
                        lb = Fraction(-int((-lb) // 1))
                        if lb > lo[k]:
                            lo[k], changed = lb, True
            if not changed:
                break
        for k in unknown:
            if k in self.implicit:
                continue
            if hi[k] is not None and lo[k] == hi[k] and k not in [f[0] for f in found]:
                found.append((k, lo[k], "bounds"))
        return found + [(k, v, why) for k, v, why in self.leaks]


# ---- the tables

def rows_as_dicts(rows):
    if not rows:
        return []
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:] if len(r) == len(head)]


def balance(sys_, rows, n):
    joint = None
    for r in rows_as_dicts(rows):
        v = r["variable"]
        if v == "joint F test":
            joint = r
            continue
        lev = r["level"] or "(value)"
        for arm, side in ((r["treat"], "treat"), (r["control"], "control")):
            c = count_of(r["n_" + side])
            sys_.see(("balance", v, lev, arm), c)
            sys_.see(("balance", v, "(missing)", arm), count_of(r["missing_" + side]))
            if c is HIDDEN and (r["mean_" + side] or r["sd_" + side]) and r["level"]:
                sys_.leaks.append((("balance", v, lev, arm), r["mean_" + side], "share shown"))
            if c is HIDDEN and r["std_diff"]:
                sys_.leaks.append((("balance", v, lev, arm), r["std_diff"], "std_diff shown"))
    add_variable_sums(sys_, "balance", n)
    if joint is not None:
        joint_test(sys_, joint, n)


def joint_test(sys_, r, n):
    """The joint F test row.  Its counts: n complete rows = df1 + df2 + 1
    (the OLS F of the arm on every variable), so the rows missing some
    variable number N - n: no variable's missing (both arms) exceeds it,
    and together they reach it (= it when only one variable has missing
    values).  Its F and p-value depend on the person-level data once there
    are several variables, which no table publishes; of a single variable
    F is a function of that variable's table, so the toolkit hides the
    test whenever a count of the table is hidden, and so it is checked."""
    df1 = count_of(r.get("df1", ""))
    df2 = count_of(r.get("df2", ""))
    m = re.match(r"^(\d+) complete rows", r.get("note", ""))
    complete = int(m.group(1)) if m else None
    if isinstance(df1, int) and isinstance(df2, int):
        complete = df1 + df2 + 1
    missing = {}
    for key in sys_.seen:
        if key[0] == "balance" and key[2] == "(missing)":
            missing.setdefault(key[1], []).append(key)
    if complete is not None and n:
        gone = sum(n.values()) - complete
        for keys in missing.values():
            sys_.le.append(({k: 1 for k in keys}, gone))
        sys_.le.append(({k: -1 for keys in missing.values() for k in keys}, -gone))
        with_some = [v for v, keys in missing.items()
                     if any(sys_.known(k) != 0 for k in keys)]
        if len(with_some) == 1:
            sys_.sum({k: 1 for k in missing[with_some[0]]}, gone)
    variables = {k[1] for k in sys_.seen if k[0] == "balance"}
    shown = r.get("f_statistic", "") != "" or r.get("p_value", "") != ""
    hidden = [k for k in sys_.hidden() if k[0] == "balance"]
    if len(variables) == 1 and shown and hidden:
        sys_.leaks.append((hidden[0], r["f_statistic"], "joint F test of one variable shown"))


def add_variable_sums(sys_, kind, n, totals=False):
    groups = {}
    for key in list(sys_.seen):
        if key[0] == kind:
            groups.setdefault((key[1], key[3]), []).append(key)
    for (v, arm), keys in groups.items():
        if arm in n:
            sys_.sum({k: 1 for k in keys}, n[arm])
        elif arm == "Total":
            sys_.sum({k: 1 for k in keys}, sum(n.values()))
    if totals:
        levels = {}
        for key in sys_.seen:
            if key[0] == kind:
                levels.setdefault((key[1], key[2]), []).append(key)
        for (v, lev), keys in levels.items():
            tot = [k for k in keys if k[3] == "Total"]
            parts = [k for k in keys if k[3] != "Total"]
            if tot:
                terms = {k: 1 for k in parts}
                terms[tot[0]] = -1
                sys_.sum(terms, 0)


def table1(sys_, rows, arms, n, variables):
    head, body = rows[0], rows[1:]
    cols = [arms[i] if i < len(arms) else "Total" for i in range(len(head) - 1)]
    var, vi = None, -1
    for r in body:
        first = r[0]
        # A variable's first row ("Label, n (%)", "Label, mean (SD)"):
        # markdown and html keep no indent, so it is told by its ending.
        if re.search(r", (n \(%\)|mean \(SD\)|median \[Q1, Q3\])$", first.strip()):
            vi += 1
            var = variables[vi]
            continue
        lev = first.strip()
        lev = "(missing)" if lev == "missing" else lev
        for c, cell in zip(cols, r[1:]):
            sys_.see(("table1", var, lev, c), count_of(cell))
    # numbers: the missing row alone is a count; with a value = n - missing
    add_variable_sums_table1(sys_, n, cols)


def add_variable_sums_table1(sys_, n, cols):
    groups = {}
    for key in sys_.seen:
        if key[0] == "table1":
            groups.setdefault((key[1], key[3]), []).append(key)
    numbers = {k[1] for k in sys_.seen if k[0] == "table1"} - \
        {k[1] for k in sys_.seen if k[0] == "table1" and k[2] not in ("(missing)",)}
    for (v, arm), keys in groups.items():
        if v in numbers:
            continue
        total = n[arm] if arm in n else sum(n.values())
        sys_.sum({k: 1 for k in keys}, total)
    levels = {}
    for key in sys_.seen:
        if key[0] == "table1":
            levels.setdefault((key[1], key[2]), []).append(key)
    for keys in levels.values():
        tot = [k for k in keys if k[3] == "Total"]
        if tot:
            terms = {k: 1 for k in keys if k[3] != "Total"}
            terms[tot[0]] = -1
            sys_.sum(terms, 0)


def link_table1_balance(sys_):
    """The same count in balance and in Table 1 is one unknown."""
    for key in list(sys_.seen):
        if key[0] == "table1" and key[3] != "Total":
            other = ("balance",) + key[1:]
            if other in sys_.seen:
                sys_.sum({key: 1, other: -1}, 0)


REASONS = {"in paid work": "paid_work", "started upper secondary school": "upper_secondary",
           "started higher education": "higher_education",
           "started adult primary school": "adult_primary_school",
           "moved to another measure": "other_measure", "dropped out": "dropped_out",
           "completed without an activity": "completed_without_activity",
           "moved away": "moved", "reason unknown": "unknown"}


def consort(sys_, rows):
    for r in rows_as_dicts(rows):
        stage, arm, detail = r["stage"], r["arm"], r["detail"]
        detail = re.sub(r":? ?suppressed$", "", detail)
        if stage in ("excluded", "left the measure: reason"):
            key = (stage, arm, detail)
        elif stage == "excluded from analysis":
            key = ("lost to follow-up", arm, "")
        elif stage.startswith("clusters"):
            continue
        else:
            key = (stage, arm, "")
        sys_.see(key, count_of(r["n"]))


def consort_svg(sys_, text, arms):
    p = Tables()
    p.feed(text)
    boxes = [[] for _ in p.rects]
    for x, y, t in p.texts:
        for i, (rx, ry, w, h) in enumerate(p.rects):
            if rx <= x <= rx + w and ry <= y <= ry + h:
                boxes[i].append(t)
                break
    armx = sorted({rx for (rx, ry, w, h), b in zip(p.rects, boxes)
                   if b and b[0].startswith(("Allocated to", "Lost to", "Analysed"))})
    for (rx, ry, w, h), b in zip(p.rects, boxes):
        joined = " ".join(b)
        arm = arms[armx.index(rx)] if rx in armx else ""
        for label, shown in re.findall(r"([^()]*?)\s*\((n = \d+|n suppressed)\)", joined):
            label = label.strip()
            v = HIDDEN if shown == "n suppressed" else int(shown[4:])
            if "Excluded from analysis" in label:
                key = ("lost to follow-up", arm, "")
            elif label.startswith("Assessed"):
                key = ("assessed for eligibility", "", "")
            elif label == "Excluded":
                key = ("excluded", "", "all reasons")
            elif label.startswith("Enrolled"):
                key = ("enrolled", "", "")
            elif label.startswith("Not randomized"):
                key = ("not randomized", "", "")
            elif label.startswith("Randomized"):
                key = ("randomized", "", "")
            elif label.startswith("Allocated to"):
                key = ("allocated", arm, "")
            elif label.startswith("Received"):
                key = ("received the measure", arm, "")
            elif label.startswith("Did not receive"):
                key = ("did not receive the measure", arm, "")
            elif label.startswith("Withdrew"):
                key = ("withdrew consent", arm, "")
            elif label.startswith("Left the measure"):
                key = ("left the measure early", arm, "")
            elif label.startswith("Lost to"):
                key = ("lost to follow-up", arm, "")
            elif "Analysed" in label:
                key = ("analysed", arm, "")
            elif label in REASONS:
                key = ("left the measure: reason", arm, REASONS[label])
            elif arm == "":
                key = ("excluded", "", label)
            else:
                continue
            sys_.see(key, v)


def consort_sums(sys_, arms, analysed):
    s = lambda *k: k
    for key, stage in getattr(sys_, "pilot_totals", []):
        sys_.sum({**{s(stage, a, ""): 1 for a in arms}, key: -1})
    sys_.sum({s("not randomized", "", ""): 1, s("randomized", "", ""): 1,
              s("enrolled", "", ""): -1})
    sys_.sum({**{s("allocated", a, ""): 1 for a in arms}, s("randomized", "", ""): -1})
    reasons = [k for k in sys_.seen if k[0] == "excluded" and k[2] != "all reasons"]
    if reasons:
        sys_.sum({**{k: 1 for k in reasons}, s("excluded", "", "all reasons"): -1})
    for a in arms:
        sys_.sum({s("analysed", a, ""): 1, s("lost to follow-up", a, ""): 1,
                  s("allocated", a, ""): -1})
        rs = [k for k in sys_.seen if k[0] == "left the measure: reason" and k[1] == a]
        sys_.sum({**{k: 1 for k in rs}, s("left the measure early", a, ""): -1})
        sys_.le.append(({s("received the measure", a, ""): 1,
                         s("did not receive the measure", a, ""): 1,
                         s("allocated", a, ""): -1}, 0))
        if a in analysed:
            sys_.see(s("analysed", a, ""), analysed[a])


def attrition(sys_, rows):
    for r in rows_as_dicts(rows):
        o = r["outcome"]
        for side in ("treat", "control"):
            arm = r[side]
            key = ("attrition", o, arm)
            c = count_of(r["responded_" + side])
            sys_.see(key, c)
            n = int(r["n_" + side])
            if c is HIDDEN:
                for f in ("rate_" + side, "difference", "std_error", "p_value",
                          "trimmed", "lee_lower", "lee_upper"):
                    if r.get(f):
                        sys_.leaks.append((key, r[f], f + " shown"))
            elif r["rate_" + side]:
                sys_.sum({key: 1}, Fraction(r["rate_" + side]) * n)
            sys_.le.append(({key: 1}, n))


def subgroups(sys_, rows, whole):
    per = {}
    for r in rows_as_dicts(rows):
        o, lev = r["outcome"], r["level"]
        if lev == "interaction test":
            if r["n"]:
                per.setdefault(o, {})["n"] = int(r["n"])
            continue
        if r["note"].startswith("not estimable"):
            continue
        keys = {f: ("subgroups", o, lev, f) for f in ("n", "n_treat", "n_control")}
        for f, k in keys.items():
            sys_.see(k, count_of(r[f]))
        if r["df"] and count_of(r["n"]) is HIDDEN:
            sys_.leaks.append((keys["n"], r["df"], "df shown"))
        sys_.sum({keys["n_treat"]: 1, keys["n_control"]: 1, keys["n"]: -1})
        per.setdefault(o, {}).setdefault("levels", []).append(keys)
    for o, d in per.items():
        levels = d.get("levels", [])
        if "n" in d:
            sys_.sum({k["n"]: 1 for k in levels}, d["n"])
        if o in whole:
            for f in ("n_treat", "n_control"):
                sys_.sum({k[f]: 1 for k in levels}, whole[o][f])


def effects(sys_, rows, n):
    """The effects table: per row n = n_treat + n_control; an arm's analysed
    and its missing (printed by no table, an unknown) add up to the arm's n
    (published), and with two arms the missing add up to n_missing.  The
    analysed count of an outcome in an arm is the one the pilot's
    with_value shows: the same key.  Estimates, errors and p-values are not
    sums of counts; a Welch df is no linear function of them either (for
    lm_robust df = n - k, and n is shown)."""
    arms = {a for r in rows_as_dicts(rows) for a in (r["treat"], r["control"])}
    for r in rows_as_dicts(rows):
        o = r["outcome"]
        keys = {side: ("analysed", o, r[side]) for side in ("treat", "control")}
        for side, k in keys.items():
            sys_.see(k, count_of(r["n_" + side]))
        total = count_of(r["n"])
        if isinstance(total, int):
            sys_.sum({keys["treat"]: 1, keys["control"]: 1}, total)
        miss = {side: ("missing", o, r[side]) for side in keys}
        for side in keys:
            sys_.unknown(miss[side])
            if r[side] in n:
                sys_.sum({keys[side]: 1, miss[side]: 1}, n[r[side]])
        nm = count_of(r["n_missing"])
        if len(arms) == 2 and isinstance(nm, int):
            sys_.sum({miss["treat"]: 1, miss["control"]: 1}, nm)


PILOT_COUNTS = ("screened", "excluded", "enrolled", "randomized")


def pilot_tables(rows_list):
    """The pilot's tables by their first column names."""
    out = {}
    for rows in rows_list:
        if not rows:
            continue
        head = rows[0]
        if head[:3] == ["site", "screened", "excluded"]:
            out["recruitment"] = rows
        elif head[:2] == ["site", "month"]:
            out["monthly"] = rows
        elif head[:4] == ["outcome", "time", "arm", "allocated"]:
            out["outcomes"] = rows
        elif head[:2] == ["recorded", "n"]:
            out["deviations"] = rows
    return out


def pilot_counts(sys_, r, key, unreported):
    """A row's four counts: empty means hidden, but screened and excluded
    are also empty where no screening report came in: in a row without a
    suppressed count, or as its note says."""
    for m in PILOT_COUNTS:
        c = count_of(r[m])
        if c is HIDDEN and m in ("screened", "excluded") and unreported:
            continue
        sys_.see(key + (m,), c)
    for small, big in (("excluded", "screened"), ("randomized", "enrolled")):
        if key + (small,) in sys_.seen and key + (big,) in sys_.seen:
            sys_.le.append(({key + (small,): 1, key + (big,): -1}, 0))


def pilot(sys_, flow, outcome_sys, tables, binary, min_cell):
    """The pilot (analysis pilot): the sites add up to all, a site's months
    to the site, excluded <= screened and randomized <= enrolled; a rate,
    its interval or projected date shown for a hidden enrolled count is a
    leak (rate x months = enrolled).  Outcomes: with_value (the analysed of
    effects: one key) <= allocated; completeness shown for a hidden one, a
    binary outcome's mean or SD shown for a hidden one, and a binary
    outcome's count with 1 or with 0 that mean x with_value gives back
    below min_cell are leaks.  Deviations: withdrawals and exits are the
    totals of the CONSORT flow's per-arm counts (flow system)."""
    rec = tables.get("recruitment")
    if rec:
        for r in rows_as_dicts(rec):
            note = r.get("note", "")
            unreported = "no screening report" in note or "suppressed" not in note
            pilot_counts(sys_, r, ("pilot", r["site"], ""), unreported)
            if count_of(r["enrolled"]) is HIDDEN:
                for f in ("rate_per_month", "rate_lower", "rate_upper", "target_reached"):
                    if r.get(f):
                        sys_.leaks.append((("pilot", r["site"], "", "enrolled"), r[f], f + " shown"))
        sites = [r["site"] for r in rows_as_dicts(rec) if r["site"] != "all"]
        for m in PILOT_COUNTS:
            parts = [("pilot", s_, "", m) for s_ in sites if ("pilot", s_, "", m) in sys_.seen]
            if ("pilot", "all", "", m) in sys_.seen and parts:
                sys_.sum({**{k: 1 for k in parts}, ("pilot", "all", "", m): -1})
    mon = tables.get("monthly")
    if mon:
        months = {}
        for r in rows_as_dicts(mon):
            note = r.get("note", "")
            unreported = "no screening report" in note or "suppressed" not in note
            pilot_counts(sys_, r, ("pilot", r["site"], r["month"]), unreported)
            months.setdefault(r["site"], []).append(r["month"])
        for site, ms in months.items():
            for m in PILOT_COUNTS:
                parts = [("pilot", site, x, m) for x in ms if ("pilot", site, x, m) in sys_.seen]
                total = ("pilot", site, "", m)
                if total in sys_.seen and parts:
                    sys_.sum({**{k: 1 for k in parts}, total: -1})
    out = tables.get("outcomes")
    if out:
        for r in rows_as_dicts(out):
            o, arm = r["outcome"], r["arm"]
            key = ("analysed", o, arm)
            w = count_of(r["with_value"])
            outcome_sys.see(key, w)
            alloc = count_of(r["allocated"])
            if isinstance(alloc, int):
                outcome_sys.le.append(({key: 1}, alloc))
            fields = ["completeness"] + (["mean", "sd"] if o in binary else [])
            if w is HIDDEN:
                for f in fields:
                    if r[f]:
                        outcome_sys.leaks.append((key, r[f], f + " shown"))
            elif o in binary and r["mean"] and isinstance(w, int):
                ones = float(r["mean"]) * w
                if abs(ones - round(ones)) < 0.5 - 1e-9 and \
                        any(0 < c < min_cell for c in (round(ones), w - round(ones))):
                    outcome_sys.leaks.append(((o, arm, "with 1 or 0"), round(ones),
                                              "small count from the mean"))
            if o in binary and not r["mean"] and r["sd"]:
                outcome_sys.leaks.append((key + ("mean",), r["sd"], "sd shown without its mean"))
    dev = tables.get("deviations")
    if dev:
        for r in rows_as_dicts(dev):
            stage = {"withdrawals": "withdrew consent",
                     "exits": "left the measure early"}.get(r["recorded"])
            if stage is None:
                continue
            key = ("deviations", r["recorded"], "")
            flow.see(key, count_of(r["n"]))
            flow.pilot_totals.append((key, stage))


def done(path):
    print("read %s: %d counts, %d hidden" % (path, READ[0], READ[1]))
    READ[0] = READ[1] = 0


def forest(sys_, svg):
    """The report's forest plot: each site's n; they add up to All sites'."""
    p = Tables()
    p.feed(svg)
    labels = {y: t for x, y, t in p.texts if x == 8}
    for x, y, t in p.texts:
        if x == 8 or y not in labels:
            continue
        m = re.search(r"n = (\d+)$|n suppressed$|: suppressed$", t)
        if m:
            v = int(m.group(1)) if m.group(1) else HIDDEN
            sys_.see(("forest", labels[y]), v)
    sites = [k for k in sys_.seen if k[0] == "forest" and k[1] != "All sites"]
    if ("forest", "All sites") in sys_.seen and sites:
        sys_.sum({**{k: 1 for k in sites}, ("forest", "All sites"): -1})


def main(argv):
    opts, i = {}, 1
    while i < len(argv):
        opts.setdefault(argv[i].lstrip("-"), []).append(argv[i + 1])
        i += 2
    arms = opts["arms"][0].split(",")
    variables = opts.get("variables", [""])[0].split(",")
    n = {}
    for item in opts.get("n", [""])[0].split(","):
        if item:
            k, v = item.split("=")
            n[k] = int(v)
    min_cell = int(opts.get("min-cell", ["5"])[0])
    binary = set(opts.get("binary", [""])[0].split(",")) - {""}
    whole, analysed = {}, {}
    outcome_sys = System("effects and pilot outcomes")
    for path in opts.get("effects", []):
        rows = read(path)
        effects(outcome_sys, rows, n)
        done(path)
        for r in rows_as_dicts(rows):
            c = {f: count_of(r[f]) for f in ("n_treat", "n_control")}
            if all(isinstance(v, int) for v in c.values()):
                whole[r["outcome"]] = c
    primary = opts.get("primary", [None])[0]
    if primary in whole:
        analysed = {arms[1]: whole[primary]["n_treat"], arms[0]: whole[primary]["n_control"]}
    systems = []
    base = System("balance and Table 1")
    for path in opts.get("balance", []):
        balance(base, read(path), n)
        done(path)
    for path in opts.get("table1", []):
        table1(base, read(path), arms, n, variables)
        done(path)
    if opts.get("table1") and opts.get("balance"):
        link_table1_balance(base)
    systems.append(base)
    flow = System("CONSORT")
    flow.pilot_totals = []
    # The pilot's counts by site and month add up to the flow's: one system.
    pilot_sys = flow
    for path in opts.get("consort", []):
        consort(flow, read(path))
        done(path)
    for path in opts.get("svg", []):
        consort_svg(flow, open(path, encoding="utf-8").read(), arms)
        done(path)
    for path in opts.get("report", []):
        page = open(path, encoding="utf-8").read()
        p = Tables()
        p.feed(page)
        for t in p.tables:
            if t and t[0][:4] == ["stage", "arm", "n", "detail"]:
                consort(flow, t)
            elif t and t[0][:2] == ["variable", "level"]:
                balance(base, t, n)
            elif t and t[0][:5] == ["outcome", "treat", "control", "n_treat", "responded_treat"]:
                attr_sys = System("attrition (report)")
                attrition(attr_sys, t)
                systems.append(attr_sys)
            elif t and t[0][:4] == ["outcome", "estimator", "se_type", "term"]:
                effects(outcome_sys, t, n)
        pilot(pilot_sys, flow, outcome_sys, pilot_tables(p.tables), binary, min_cell)
        svgs = re.findall(r"<svg.*?</svg>", page, re.S)
        if svgs:
            consort_svg(flow, svgs[0], arms)
        done(path)
        for svg in svgs[1:]:
            if "All sites" in svg:
                plot = System("forest plot (report)")
                forest(plot, svg)
                systems.append(plot)
                done(path + " (forest plot)")
    for path in opts.get("pilot", []):
        pilot(pilot_sys, flow, outcome_sys, pilot_tables(read_tables(path)), binary, min_cell)
        done(path)
    systems.append(outcome_sys)
    for pk, ck in ((("pilot", "all", "", "screened"), ("assessed for eligibility", "", "")),
                   (("pilot", "all", "", "excluded"), ("excluded", "", "all reasons")),
                   (("pilot", "all", "", "enrolled"), ("enrolled", "", "")),
                   (("pilot", "all", "", "randomized"), ("randomized", "", ""))):
        if pk in flow.seen and ck in flow.seen:
            flow.sum({pk: 1, ck: -1})
    if flow.seen:
        consort_sums(flow, arms, analysed)
        systems.append(flow)
    attr = System("attrition")
    for path in opts.get("attrition", []):
        attrition(attr, read(path))
        done(path)
    systems.append(attr)
    sub = System("subgroups")
    for path in opts.get("subgroups", []):
        subgroups(sub, read(path), whole)
        done(path)
    systems.append(sub)
    tried, recovered = 0, []
    for s in systems:
        tried += len(s.hidden())
        recovered += [(s.name, k, v, why) for k, v, why in s.solve()]
    for name, k, v, why in recovered:
        print("recovered: %s %s = %s (%s)" % (name, "/".join(map(str, k)), v, why))
    print("tried %d hidden counts, recovered %d" % (tried, len(recovered)))
    return 1 if recovered else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
