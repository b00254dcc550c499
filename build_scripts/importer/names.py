"""Import, step 2: names as people write them -> the package's codes.

An LSG name is tried, in order: a confirmed name from a --names file, the official name
exactly (Latin, Cyrillic, English) or a five-digit code, the name folded (no script,
case, diacritics, prefixes such as 'Grad', 'Opština', 'GO'), a part of a city
('GO Zemun', 'Niš - Medijana'), a total or subtotal ('Ukupno', 'Srbija', a district).
Whatever is left gets fuzzy suggestions that are never applied without confirmation.
Service types and indicators are matched by code or name, exactly or folded.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.importer.base import ImportUnusable, norm, norm_set, say, vocabulary
from build_scripts.importer.read import read_csv
from build_scripts.translit import to_cyrillic

FUZZY_CUTOFF = 0.75
_DASH = re.compile(r"\s*[-–—:]\s*")
_CODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Place:
    """The LSG a row belongs to; `part` is set when the row is only a part of it."""

    code: str
    name: str
    part: str | None = None

    def label(self) -> str:
        if self.part is None:
            return say("place_lsg", name=self.name, code=self.code)
        return say("place_part", part=self.part, name=self.name, code=self.code)


@dataclass
class Match:
    how: str  # code, exact, folded, confirmed, part, total, ambiguous, unmatched
    places: list[Place] = field(default_factory=list)
    suggestions: list[Place] = field(default_factory=list)

    @property
    def place(self) -> Place | None:
        return self.places[0] if len(self.places) == 1 else None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def lsg_key(text: object) -> str:
    """A name folded for LSG lookup: 'Opština Bač*' -> 'bac', 'ГО Земун' -> 'zemun'."""
    s = norm(text)
    prefixes = sorted(norm_set("lsg_prefixes"), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if s.startswith(prefix + " "):
                s, changed = s[len(prefix) + 1 :], True
    s = re.sub(r"( \d{1,2})+$", "", s)  # footnote numbers: 'Bor 1)'
    return s


class Names:
    """Every name the importer can map, built from the package's own tables."""

    def __init__(self, datasets: Path):
        self.lsg = {r["code"]: r for r in _read_csv(datasets / "lsg.csv")}
        self.lsg_order = {code: i for i, code in enumerate(self.lsg)}
        self.exact: dict[str, set[str]] = {}
        self.folded: dict[str, set[str]] = {}
        self.parts: dict[str, set[Place]] = {}
        self.unit_parent: dict[str, Place] = {}
        self.districts: set[str] = set()
        for code, r in self.lsg.items():
            if r["kind"] == "belgrade_city_municipality":
                parent = self.lsg.get(r["parent_code"])
                if parent is None:  # validation reports it; nothing to map it to
                    continue
                place = Place(parent["code"], parent["name_lat"], r["name_lat"])
                self.unit_parent[code] = place
                for name in (r["name_lat"], r["name_cyr"]):
                    self.parts.setdefault(lsg_key(name), set()).add(place)
                continue
            for name in (r["name_lat"], r["name_cyr"], r["name_en"]):
                self.exact.setdefault(name, set()).add(code)
                self.folded.setdefault(lsg_key(name), set()).add(code)
            for unit in r["unit_codes"].split(";"):
                if unit != code and len(r["unit_codes"].split(";")) > 1:
                    self.unit_parent.setdefault(unit, Place(code, r["name_lat"], unit))
            for district in (r["district_lat"], r["district_cyr"]):
                self.districts.add(norm(district))
        for code, parts in vocabulary()["city_parts"].items():
            city = self.lsg.get(code)
            if city is None:  # a package without that city
                continue
            for part in parts:
                place = Place(code, city["name_lat"], part)
                for spelling in (part, to_cyrillic(part)):
                    self.parts.setdefault(lsg_key(spelling), set()).add(place)
        self.confirmed: dict[str, str] = {}
        self.service_types = CodeList(_read_csv(datasets / "service_types.csv"))
        self.indicators = CodeList(_read_csv(datasets / "indicator_definitions.csv"))

    # -- the --names file -----------------------------------------------------------

    def load_confirmed(self, path: Path, display: str) -> None:
        """A CSV with columns `name` and `code`: names the maintainer has checked."""
        if not path.is_file():
            raise ImportUnusable("names_missing", path=display)
        # read like any CSV the importer reads: Excel in Serbian settings saves it with
        # semicolons in Windows-1250
        grid = read_csv(path, display)
        rows = [(n, [c.text for c in cells]) for n, cells in grid.rows if cells]
        header = [norm(h) for h in rows[0][1]] if rows else []
        if "name" not in header or "code" not in header:
            raise ImportUnusable("names_header", path=display)
        name_at, code_at = header.index("name"), header.index("code")
        for line, row in rows[1:]:
            if len(row) <= max(name_at, code_at) or not row[name_at].strip():
                continue
            name, code = row[name_at].strip(), row[code_at].strip()
            known = (
                code in self.lsg
                or code in self.service_types.codes
                or code in self.indicators.codes
            )
            if not known:
                raise ImportUnusable("names_unknown_code", path=display, row=line, code=code)
            if code in self.lsg:
                self.confirmed[name] = code
                self.confirmed[norm(name)] = code
            elif code in self.service_types.codes:
                self.service_types.confirmed[norm(name)] = code
            else:
                self.indicators.confirmed[norm(name)] = code

    # -- LSG names ------------------------------------------------------------------

    def place(self, code: str) -> Place:
        if code in self.unit_parent:
            return self.unit_parent[code]
        return Place(code, self.lsg[code]["name_lat"])

    def _lookup(self, text: str) -> Match | None:
        """Official name exactly, or folded; None when neither finds it."""
        if text in self.exact:
            return self._one("exact", self.exact[text])
        codes = self.folded.get(lsg_key(text))
        if codes:
            return self._one("folded", codes)
        return None

    def _one(self, how: str, codes: set[str]) -> Match:
        places = [self.place(c) for c in sorted(codes)]
        return Match(how if len(places) == 1 else "ambiguous", places)

    def match_lsg(self, raw: object) -> Match:
        text = re.sub(r"\s+", " ", str(raw if raw is not None else "")).strip()
        if not text:
            return Match("unmatched")
        code = self.confirmed.get(text) or self.confirmed.get(norm(text))
        if code in self.lsg:
            return Match("confirmed", [self.place(code)])
        if _CODE.match(text):
            if text in self.lsg or text in self.unit_parent:
                return Match("code", [self.place(text)])
            return Match("unmatched")
        found = self._lookup(text)
        if found:
            return found
        key = lsg_key(text)
        if key in self.parts:
            places = sorted(self.parts[key], key=lambda p: p.code)
            return Match("part" if len(places) == 1 else "ambiguous", places)
        pieces = _DASH.split(text, maxsplit=1)
        if len(pieces) == 2 and pieces[0]:
            city = self._lookup(pieces[0])
            if city and city.place:
                part = pieces[1].strip() or None
                return Match("part", [Place(city.place.code, city.place.name, part)])
        if self.is_total(key):
            return Match("total")
        return Match("unmatched", suggestions=self._suggest(key))

    def is_total(self, key: str) -> bool:
        if key in norm_set("total_rows") or key in self.districts:
            return True
        words = key.split()
        return any(w in norm_set("total_words") for w in words)

    def _suggest(self, key: str) -> list[Place]:
        if not key:
            return []
        candidates: dict[str, list[Place]] = {}
        for k, codes in self.folded.items():
            candidates.setdefault(k, []).extend(self.place(c) for c in sorted(codes))
        for k, places in self.parts.items():
            candidates.setdefault(k, []).extend(sorted(places, key=lambda p: p.code))
        scored = sorted(
            ((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in candidates),
            reverse=True,
        )
        if not scored or scored[0][0] < FUZZY_CUTOFF:
            return []
        best = scored[0][0]
        out: list[Place] = []
        for score, k in scored:
            if score < max(FUZZY_CUTOFF, best - 0.08):
                break
            out.extend(p for p in candidates[k] if p not in out)
        return out[:3]


class CodeList:
    """Service types or indicators: matched by code, Serbian or English name (any script)."""

    def __init__(self, rows: list[dict[str, str]]):
        self.rows = {r["code"]: r for r in rows}
        self.codes = list(self.rows)
        self.order = {r["code"]: int(r["sort_order"]) for r in rows}
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        self.confirmed: dict[str, str] = {}
        for r in rows:
            for name in (r["code"], r["name_sr"], r["name_en"], to_cyrillic(r["name_sr"])):
                self.exact[name] = r["code"]
                self.folded[norm(name)] = r["code"]

    def match(self, raw: object) -> Match:
        text = re.sub(r"\s+", " ", str(raw if raw is not None else "")).strip()
        key = norm(text)
        if not key:
            return Match("unmatched")
        if key in self.confirmed:
            return Match("confirmed", [Place(self.confirmed[key], "")])
        if text in self.exact:
            return Match("exact", [Place(self.exact[text], "")])
        if key in self.folded:
            return Match("folded", [Place(self.folded[key], "")])
        return Match("unmatched", suggestions=self.suggest(key))

    def suggest(self, key: str) -> list[Place]:
        close = difflib.get_close_matches(key, list(self.folded), n=3, cutoff=FUZZY_CUTOFF)
        codes: list[str] = []
        for k in close:
            if self.folded[k] not in codes:
                codes.append(self.folded[k])
        return [Place(c, "") for c in codes]

    def name(self, code: str) -> str:
        return self.rows[code]["name_sr"]
