#!/usr/bin/env python3
"""Generates crates/onshi/src/records/kanji_variants.rs: the kanji variants (異体字) that name
matching folds into one character before comparing.

Source: the Unicode Han Database (Unihan, UAX #38) as Debian's `unicode-data` package installs it
(/usr/share/unicode: Unihan_*.txt, Unihan_*.txt.bz2, or Unihan.zip), under the Unicode License v3
(LICENSE-UNICODE beside this script), and kanji-variants-supplement.txt (pairs the reference names
that this Unihan version does not relate).

    apt-get install unicode-data
    python3 crates/onshi/build-data/kanji_variants.py            # writes the Rust table
    python3 crates/onshi/build-data/kanji_variants.py --check    # fails when it is out of date

Compatibility ideographs with a canonical decomposition (kCompatibilityVariant: 神 U+FA19 → 神
U+795E) are read as their unified ideograph first, as the Rust code reads them (the twelve unified
ideographs of that block, such as 﨑 U+FA11, have none and keep their own code point).

How the classes are built (each relation symmetric, the classes its transitive closure, each class
read as one representative):

1. kZVariant: the same abstract character in another glyph (黑/黒, 吳/呉).
2. kJoyoKanji `U+XXXX` (a 許容字体 of a 常用漢字: 剥/剝) and kJinmeiyoKanji `YEAR:U+XXXX` (a 人名用漢字
   listed as a variant of a 常用漢字: 櫻/桜, 國/国, 廣/広, 惠/恵, 德/徳, 眞/真): Japan's own lists.
3. The supplement (邊/邉/辺, 齋/斎/斉, 澤/沢, 濱/浜).
4. kSemanticVariant (髙/高, 﨑/崎, 濱/濵), only between characters that are both in a Japanese
   character set (a Japanese IRG source kIRG_JSource, JIS X 0213 kJIS0213, or the IBM Japanese
   extension kIBMJapan, where 髙 and 﨑 come from); those a dictionary marks as interchangeable (`:T`)
   or as the preferred form (`:Z`) first, then the others whose two characters share their radical
   (kRSUnicode): across radicals, the Chinese dictionaries behind most unmarked relations relate
   characters that Japanese writes as different ones (砲/炮, 他/她, 纖/砌).

A standard character (常用漢字, or a 人名用漢字 that is not itself a variant of a 常用漢字) is a different
character from every other standard one, however a dictionary relates them (暦/歴, 崎/埼): a
relation of steps 1, 2 and 4 that would put two standard characters in one class is left out (and
counted). Only the supplement may join two (斎/斉, as the reference names them). The representative
is the class's standard character (the lowest code point when the supplement joined two), else its
lowest code point. kSpoofingVariant is not used: it relates look-alikes that are different
characters (柿/杮, 妹/妺). kSimplifiedVariant and kTraditionalVariant are not used: simplified Chinese
forms would chain unrelated Japanese characters (髮 and 發 through 发).
"""

from __future__ import annotations

import argparse
import bz2
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "src" / "records" / "kanji_variants.rs"
SUPPLEMENT = HERE / "kanji-variants-supplement.txt"
CODE_POINT = re.compile(r"U\+([0-9A-F]{4,6})")


def open_unihan(directory: Path, name: str) -> io.TextIOBase:
    """One Unihan file, plain, bzip2-compressed (Debian) or inside Unihan.zip."""
    plain = directory / name
    if plain.exists():
        return plain.open(encoding="utf-8")
    packed = directory / (name + ".bz2")
    if packed.exists():
        return io.TextIOWrapper(bz2.open(packed), encoding="utf-8")
    archive = directory / "Unihan.zip"
    if archive.exists():
        return io.TextIOWrapper(zipfile.ZipFile(archive).open(name), encoding="utf-8")
    sys.exit(f"{name} is not in {directory} (apt-get install unicode-data, or give --unihan DIR)")


def read_rows(directory: Path, name: str, fields: set[str], header: dict[str, str]):
    """The (code point, field, value) rows of the named fields; the file's version and date go into
    `header`."""
    with open_unihan(directory, name) as f:
        for line in f:
            if line.startswith("#"):
                for key in ("Unicode version", "Date"):
                    if line.startswith(f"# {key}:"):
                        header.setdefault(key, line.split(":", 1)[1].strip())
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] in fields:
                yield int(parts[0][2:], 16), parts[1], parts[2]


class Classes:
    """Union-find over code points, refusing to join two standard characters unless forced."""

    def __init__(self, standard: set[int]):
        self.parent: dict[int, int] = {}
        self.standard = standard
        self.standard_of: dict[int, set[int]] = {}
        self.refused = 0

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int, forced: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        sa = self.standard_of.get(ra, {ra} & self.standard)
        sb = self.standard_of.get(rb, {rb} & self.standard)
        if sa and sb and not forced:
            self.refused += 1
            return False
        self.parent[ra] = rb
        self.standard_of[rb] = sa | sb
        self.standard_of.pop(ra, None)
        return True

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return [sorted(g) for g in out.values() if len(g) > 1]


def build(unihan: Path) -> tuple[list[tuple[int, int]], dict[str, str], dict[str, int]]:
    header: dict[str, str] = {}
    japanese: set[int] = set()
    radical: dict[int, str] = {}
    unified: dict[int, int] = {}
    for cp, field, value in read_rows(
        unihan,
        "Unihan_IRGSources.txt",
        {"kIRG_JSource", "kRSUnicode", "kCompatibilityVariant"},
        header,
    ):
        if field == "kIRG_JSource":
            japanese.add(cp)
        elif field == "kCompatibilityVariant":
            unified[cp] = int(CODE_POINT.match(value).group(1), 16)
        else:
            # `189.0` or `85'.10`: the radical (a `'` marks its simplified form) before the dot.
            radical[cp] = value.split()[0].split(".")[0].rstrip("'")
    standard: set[int] = set()
    listed: list[tuple[int, int]] = []  # (variant, standard) from the Japanese lists
    for cp, field, value in read_rows(
        unihan,
        "Unihan_OtherMappings.txt",
        {"kJoyoKanji", "kJinmeiyoKanji", "kJIS0213", "kIBMJapan"},
        header,
    ):
        if field in ("kJIS0213", "kIBMJapan"):
            japanese.add(cp)
            continue
        target = CODE_POINT.search(value)
        if target:
            listed.append((cp, int(target.group(1), 16)))
        else:
            standard.add(cp)
    zvariants: list[tuple[int, int]] = []
    semantic: list[tuple[int, int, int]] = []  # (rank, a, b): rank 0 for `:T`/`:Z`, else 1
    for cp, field, value in read_rows(
        unihan, "Unihan_Variants.txt", {"kZVariant", "kSemanticVariant"}, header
    ):
        for item in value.split():
            target = int(CODE_POINT.match(item).group(1), 16)
            if field == "kZVariant":
                zvariants.append((cp, target))
            elif cp in japanese and target in japanese:
                sources = item.partition("<")[2]
                if re.search(r":[TZ]", sources):
                    semantic.append((0, cp, target))
                elif radical.get(cp) == radical.get(target):
                    semantic.append((1, cp, target))
    supplement: list[tuple[int, int]] = []
    for line in SUPPLEMENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b = CODE_POINT.findall(line)[:2]
            supplement.append((int(a, 16), int(b, 16)))

    # A compatibility ideograph with a canonical decomposition (神 U+FA19) is its unified
    # ideograph (神 U+795E) before anything is compared: the table speaks of unified ones only.
    def one(cp: int) -> int:
        return unified.get(cp, cp)

    standard = {one(c) for c in standard}
    listed = [(one(a), one(b)) for a, b in listed]
    zvariants = [(one(a), one(b)) for a, b in zvariants]
    semantic = [(rank, one(a), one(b)) for rank, a, b in semantic]
    classes = Classes(standard)
    stats = {"refused": 0}
    for a, b in sorted(zvariants):
        classes.join(a, b)
    for a, b in sorted(listed):
        classes.join(a, b)
    for a, b in supplement:
        if classes.find(a) == classes.find(b):
            print(f"note: Unihan already relates {chr(a)}/{chr(b)}: the supplement line can go", file=sys.stderr)
        classes.join(a, b, forced=True)
    for _, a, b in sorted(semantic):
        classes.join(a, b)
    stats["refused"] = classes.refused

    table: list[tuple[int, int]] = []
    groups = classes.groups()
    for group in groups:
        standards = [c for c in group if c in standard]
        representative = min(standards) if standards else group[0]
        table.extend((c, representative) for c in group if c != representative)
    table.sort()
    stats["classes"] = len(groups)
    stats["characters"] = sum(len(g) for g in groups)
    return table, header, stats


def debian_version() -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "unicode-data"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return f"Debian `unicode-data` {out}"
    except (OSError, subprocess.CalledProcessError):
        return "Unihan files (no Debian package found)"


def render(table: list[tuple[int, int]], header: dict[str, str], stats: dict[str, int], package: str) -> str:
    version = header.get("Unicode version", "?")
    lines = [
        "//! Kanji variants (異体字) read as one character when names are compared: each character listed",
        "//! is read as its class's representative.",
        "//!",
        "//! GENERATED by `crates/onshi/build-data/kanji_variants.py`: do not edit. Run it again with",
        "//! Debian's `unicode-data` installed; `--check` says whether this file is up to date.",
        "//!",
        f"//! Source: the Unicode Han Database (Unihan, UAX #38), Unicode {version}, files dated",
        f"//! {header.get('Date', '?')}, from {package}: kZVariant and kSemanticVariant",
        "//! (Unihan_Variants.txt); kJoyoKanji, kJinmeiyoKanji, kJIS0213 and kIBMJapan",
        "//! (Unihan_OtherMappings.txt); kIRG_JSource, kRSUnicode and kCompatibilityVariant",
        "//! (Unihan_IRGSources.txt). With `build-data/kanji-variants-supplement.txt`: pairs named in",
        "//! ../shared/reference/domain-updates-2026-12.md §4 that this Unihan version does not relate.",
        "//!",
        "//! Unihan data © Unicode, Inc., under the Unicode License v3 (SPDX `Unicode-3.0`), whose text",
        "//! is `crates/onshi/build-data/LICENSE-UNICODE`. This table is derived from those data files",
        "//! (modified: relations selected and closed into classes, as the script's docstring says).",
        "//!",
        f"//! {stats['classes']} classes of {stats['characters']} characters; {stats['refused']} relations left out because they",
        "//! would join two standard characters (常用漢字 or 人名用漢字).",
        "",
        f"/// (character, its class's representative), sorted by character for a binary search; no",
        "/// representative is listed as a character. Unihan of Unicode " + version + ".",
        "#[rustfmt::skip]",
        f"pub(crate) static KANJI_VARIANTS: [(char, char); {len(table)}] = [",
    ]
    for c, r in table:
        lines.append(f"    ('\\u{{{c:04X}}}', '\\u{{{r:04X}}}'), // {chr(c)} {chr(r)}")
    lines.append("];")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unihan", type=Path, default=Path("/usr/share/unicode"))
    parser.add_argument("--check", action="store_true", help="fail when the committed table differs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    table, header, stats = build(args.unihan)
    text = render(table, header, stats, debian_version())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date ({stats['classes']} classes)")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {len(table)} entries, {stats['classes']} classes, "
          f"{stats['characters']} characters, {stats['refused']} relations left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
