"""Quality harness: `python -m benchmarks.quality [--corpus DIR] [--json OUT]` (same as `oncobrief eval`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from oncobrief.evaluation.harness import main

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, dest="json_out")
    args = parser.parse_args()
    raise SystemExit(main(args.corpus, args.json_out))
