"""A synthetic county of N units' reports for the cross-report benchmarks (not a test fixture).

Each report is the real seed 004 (its tables and layout) with the unit's own name and
its own sections 一, 五, 六: sentences drawn from a character-level Markov chain trained
on the real seeds' sections (so that the text has the character statistics of real
reports, but no two units write the same sentence by chance), a quarter of them from a
pool of stock sentences many units share (as real reports do), and in one report out of
ten section 五 copied from another unit — with that unit's name left in every third
copy. Table 三 varies per unit (本年新收, 结转). Deterministic for a given N and seed.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
SEEDS = sorted(SAMPLES.glob("0*.txt"))
TOWN_CHARS = "东西南北上下新老金银石山河湖桥林泉岭坪塘湾沟集店庄营寨铺口堡坝城关阳华安宁平和兴隆丰乐福寿永昌盛"
COPY_EVERY, NAME_LEFT_EVERY = 10, 3


ORDER = 1  # a character-bigram chain: the characters of real reports, but sentences no two units share


def _chain(texts: list[str], order: int = ORDER) -> dict[str, list[str]]:
    chain: dict[str, list[str]] = {}
    for t in texts:
        t = re.sub(r"\s+", "", t)
        for i in range(len(t) - order):
            chain.setdefault(t[i:i + order], []).append(t[i + order])
    return chain


def _sections(text: str) -> list[str]:
    out = []
    for a, b in (("一、总体情况", "二、主动公开"), ("五、存在的主要问题", "六、其他需要报告"), ("六、其他需要报告", None)):
        i = text.find(a)
        if i >= 0:
            j = text.find(b, i) if b else len(text)
            out.append(text[i + len(a):j if j > 0 else len(text)])
    return out


class County:
    def __init__(self, n: int, seed: int = 12, names_seed: int = 12):
        self.rng = random.Random(seed)
        corpus = [s for p in SEEDS for s in _sections(p.read_text(encoding="utf-8"))]
        self.chain = _chain(corpus)
        self.starts = sorted(k for k in self.chain if not any(p in k for p in "，。；、：“”（）"))
        self.base = (SAMPLES / "004_c4b5b95fa9e8725d.txt").read_text(encoding="utf-8")
        self.stock = [self.sentence(24, 60) for _ in range(60)]
        names: set[str] = set()
        name_rng = random.Random(names_seed)  # the same units every year; their words differ
        while len(names) < n:
            names.add("".join(name_rng.sample(TOWN_CHARS, 2)) + name_rng.choice("镇乡"))
        self.towns = sorted(names)

    def sentence(self, lo: int, hi: int) -> str:
        rng = self.rng
        key = rng.choice(self.starts)
        out = list(key)
        target = rng.randint(lo, hi)
        while len(out) < target:
            nxt = self.chain.get("".join(out[-ORDER:]))
            if not nxt:
                key = rng.choice(self.starts)
                out += list(key)
                continue
            ch = rng.choice(nxt)
            if ch in "。；！？":
                if len(out) >= lo:
                    break
                ch = "，"  # too short to end: go on after a comma
            out.append(ch)
        return "".join(out).strip("，、") + "。"

    def paragraph(self, count: int, town: str) -> str:
        sents = []
        for _ in range(count):
            s = self.rng.choice(self.stock) if self.rng.random() < 0.25 else self.sentence(24, 70)
            sents.append(s.replace("我镇", f"{town}", 1) if self.rng.random() < 0.1 else s)
        sents[0] = f"{town}" + sents[0]  # the unit names itself, as real reports do
        return "\n".join("".join(sents[i:i + 3]) for i in range(0, len(sents), 3))

    def report(self, i: int, year: int = 2023) -> tuple[str, str]:
        """(org, text) of unit ``i``; section 五 of every tenth unit is copied from unit i−1's."""
        rng = self.rng
        town = self.towns[i]
        org = f"示例县{town}人民政府"
        five = self.paragraph(rng.randint(7, 12), town)
        if i % COPY_EVERY == COPY_EVERY - 1:
            source = self.towns[i - 1]
            five = self._fives[i - 1]
            if i % (COPY_EVERY * NAME_LEFT_EVERY) != COPY_EVERY - 1:
                five = five.replace(source, town)
        self._fives[i] = five
        text = self.base.replace("昌乐县乔官镇人民政府", org).replace("乔官镇", town)
        text = text.replace("2023", str(year)).replace("2024年1月15日", f"{year + 1}年1月15日")
        a, b = text.index("\n总体情况\n") + 1, text.index("二、主动公开政府信息情况")
        text = text[:a] + "一、总体情况\n" + self.paragraph(rng.randint(12, 22), town) + "\n\n" + text[b:]
        a, b = text.index("五、存在的主要问题及改进情况"), text.index("六、其他需要报告的事项")
        text = text[:a] + "五、存在的主要问题及改进情况\n" + five + "\n\n" + text[b:]
        a = text.index("六、其他需要报告的事项")
        end = text.index(org, a) if org in text[a:] else len(text)
        text = text[:a] + "六、其他需要报告的事项\n" + self.paragraph(rng.randint(2, 5), town) + "\n\n" + text[end:]
        new = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40])
        lines = text.split("\n")
        k = next(j for j, line in enumerate(lines) if "一、本年新收政府信息公开申请数量" in line)
        vals = [new, 0, 0, 0, 0, 0, new]
        m = k + 1
        done = 0
        while done < 7:
            if lines[m].strip():
                lines[m] = f"\t{vals[done]}"
                done += 1
            m += 1
        return org, "\n".join(lines)

    _fives: dict[int, str] = {}


def write(folder: Path, n: int, year: int = 2023, seed: int = 12) -> list[Path]:
    """Write N reports into ``folder`` (created); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    county = County(n, seed)
    county._fives = {}
    paths = []
    for i in range(n):
        _org, text = county.report(i, year)
        p = folder / f"{i:03d}_{county.towns[i]}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def results(n: int, year: int = 2023, seed: int = 12):
    """N parsed and checked reports (in memory, parsed from the generated text)."""
    from app.audit import apply_rules
    from app.model import AuditResult, Document
    from app.parse import parse_document

    county = County(n, seed)
    county._fives = {}
    out = []
    for i in range(n):
        _org, text = county.report(i, year)
        path = f"/county/{i:03d}_{county.towns[i]}.txt"
        doc = Document(path=path, format="txt", text=text)
        r = AuditResult(path=path, document=doc, report=parse_document(doc))
        apply_rules(r)
        out.append(r)
    return out
