"""Compare benchmark runs of two versions: is any query or page slower than the noise?

    python bench/compare.py --before A.json B.json --after C.json [--out FILE.md]

Each file is a `bench/run.py` result. Two or more runs of the *before* version give the
run-to-run noise (their spread); an *after* median counts as slower only when it lies more than
10 % above the slowest before run, and, for queries, its ratio to Oxigraph's median in the same
run (measured interleaved, so a busy machine slows both alike) does too.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

MARGIN = 1.10  # beyond the slowest before run


def _load(path: Path) -> dict[int, dict]:
    return {size["requested"]: size for size in json.loads(path.read_text())["sizes"]}


def _median(size: dict, kind: str, name: str, server: str = "govsocial") -> float:
    return float(size["servers"][server][kind][name]["median_ms"])


def _ratio(size: dict, name: str) -> float:
    return _median(size, "latency", name) / _median(size, "latency", name, "oxigraph")


def compare(befores: list[dict[int, dict]], after: dict[int, dict]) -> tuple[list[str], int]:
    """Markdown lines of the comparison and the number of entries slower than the noise."""
    lines, slower = [], 0
    for requested, now in sorted(after.items()):
        runs = [before[requested] for before in befores if requested in before]
        if not runs:
            continue
        lines += [
            f"\n## {now['triples']:,} triples\n",
            "| query or page | before (ms) | after (ms) | / Oxigraph before | / Oxigraph after "
            "| slower |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for kind in ("latency", "pages"):
            for name in now["servers"]["govsocial"][kind]:
                was = [_median(run, kind, name) for run in runs]
                is_now = _median(now, kind, name)
                worse = is_now > max(was) * MARGIN
                ratios = ""
                if kind == "latency":
                    was_ratio = [_ratio(run, name) for run in runs]
                    worse = worse and _ratio(now, name) > max(was_ratio) * MARGIN
                    ratios = f"{min(was_ratio):.2f}-{max(was_ratio):.2f} | {_ratio(now, name):.2f}"
                else:
                    ratios = "| "
                slower += worse
                lines.append(
                    f"| {name} | {min(was):.2f}-{max(was):.2f} | {is_now:.2f} | {ratios} | "
                    f"{'**yes**' if worse else 'no'} |"
                )
    return lines, slower


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, nargs="+", required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    lines, slower = compare([_load(p) for p in args.before], _load(args.after))
    head = [
        "# Before and after",
        "",
        f"Before: {', '.join(p.name for p in args.before)}; after: {args.after.name}. Medians; "
        f"an entry is slower when it is more than {MARGIN - 1:.0%} above the slowest before run "
        "(and, for queries, so is its ratio to Oxigraph's median in the same run).",
        "",
        f"Slower than the noise: {slower}.",
    ]
    text = "\n".join(head + lines) + "\n"
    if args.out:
        args.out.write_text(text)
    print(text)
    return 1 if slower else 0


if __name__ == "__main__":
    raise SystemExit(main())
