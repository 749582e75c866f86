"""Retrain the speaker ranker on LitBank and write src/ficlens/models/speaker_ranker.json.

Reproducible: a fixed seed, full-batch training, documents in id order, and a fixed
PYTHONHASHSEED (the script re-runs itself under PYTHONHASHSEED=0: set iteration order
in the stages would otherwise reorder candidates and move the weights in the fourth
decimal). Parses are cached under /tmp/ficlens-cache/speakers/ (pass --no-cache to
reparse).

    python scripts/train_speaker_ranker.py [--data DIR] [--setting gold_quotes]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ficlens.attribution.ranker import MODEL_PATH
from ficlens.evaluate.litbank import litbank_folds
from ficlens.evaluate.speakers import available_settings, prepare_litbank, train_full

CACHE = Path("/tmp/ficlens-cache/speakers")


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="LitBank folder (default: ../shared/data/litbank)")
    parser.add_argument(
        "--setting",
        default=None,
        help="training setting: gold_quotes (our characters; the default when the "
        "character stages are installed) or gold_cast (gold chains)",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("-o", "--output", default=str(MODEL_PATH))
    args = parser.parse_args()
    have = available_settings()
    setting = args.setting or ("gold_quotes" if "gold_quotes" in have else "gold_cast")
    if setting not in have:
        parser.error(f"setting {setting!r} needs stages that are not installed ({have})")
    rows = prepare_litbank(args.data, [setting], None if args.no_cache else CACHE)[setting]
    ranker = train_full(rows, litbank_folds(args.data), seed=args.seed)
    ranker.meta["setting"] = setting
    ranker.save(Path(args.output))
    print(json.dumps(ranker.meta))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
