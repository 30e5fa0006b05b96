"""The researchers' views at scale: one page of the matrix and the timeline, per request.

For each size, writes synthetic data (`govsocial generate`, seed `--seed`), starts `govsocial
serve` on it as a real process, and GETs each page below over one keep-alive connection:

- the **first view** of `/matrix` after start (it reads the catalogue of bodies and decisions by
  SPARQL, once per data version), then three untimed passes over every page (warm-up);
- each page `--repetitions` times, interleaved: median, p95 and its size in bytes. A page with
  `{day}` gets a new day each time (drawn, seeded, from 2022 to 2026), so no cache can answer:
  the cost of a matrix as of a day nobody asked for before.

The target (issue 15): every page under 50 ms median once warm and under 500 KB.

    .venv/bin/python bench/views.py                       # 1e4 1e5 1e6, 30 repetitions
    .venv/bin/python bench/views.py --sizes 1e4 --repetitions 3 --out /tmp/views   # smoke

Writes <out>/views.json (everything, with the machine) and <out>/views.md (the table).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from client import Client
from report import machine
from servers import GovSocial

HERE = Path(__file__).resolve().parent
TARGET_MS, TARGET_BYTES = 50.0, 500_000

# (name, path); {middle} and {last} are filled from the first page, {day} per request
PAGES = (
    ("matrix, first page", "/matrix"),
    ("matrix, a middle page", "/matrix?page={middle}"),
    ("matrix, local bodies on X", "/matrix?level=local&platform=x"),
    ("matrix as of a new day", "/matrix?as_of={day}"),
    ("matrix, one state, 2024, a new day", "/matrix?state=DE-1&year=2024&as_of={day}"),
    ("timeline, first page", "/timeline"),
    ("timeline, last page", "/timeline?page={last}"),
    ("timeline, X in 2024", "/timeline?platform=x&year=2024"),
    ("timeline, municipalities in 2024", "/timeline?year=2024&kind=municipality"),
)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["1e4", "1e5", "1e6"])
    parser.add_argument("--repetitions", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument(
        "--work", type=Path, default=None, help="data and server logs (default: <out>/work)"
    )
    return parser.parse_args(argv)


def pages_of(html: bytes) -> int:
    found = re.search(rb"page 1 of (\d+)", html)
    return int(found.group(1)) if found else 1


def listed(html: bytes) -> int:
    found = re.search(rb'<p class="count" role="status">(\d+) ', html)
    return int(found.group(1)) if found else -1


def measure(url: str, repetitions: int, seed: int) -> dict:
    client = Client(url)
    rng = random.Random(seed)
    asked: set[date] = set()

    def new_day() -> str:
        while True:
            day = date(2022, 1, 1) + timedelta(days=rng.randrange(5 * 365))
            if day not in asked:
                asked.add(day)
                return day.isoformat()

    try:
        began = time.perf_counter()
        status, first = client.get("/matrix", "text/html")
        first_view = time.perf_counter() - began
        assert status == 200, status
        fill = {"middle": max(1, pages_of(first) // 2), "last": 1}
        fill["last"] = pages_of(client.get("/timeline", "text/html")[1])
        paths = {name: template for name, template in PAGES}
        for _ in range(3):  # warm-up: every page, untimed
            for template in paths.values():
                client.get(template.format(day=new_day(), **fill), "text/html")
        results = {name: {"seconds": [], "bytes": 0, "listed": 0, "errors": 0} for name in paths}
        for _ in range(repetitions):
            for name, template in paths.items():
                path = template.format(day=new_day(), **fill)
                began = time.perf_counter()
                status, body = client.get(path, "text/html")
                elapsed = time.perf_counter() - began
                entry = results[name]
                if status != 200:
                    entry["errors"] += 1
                    continue
                entry["seconds"].append(elapsed)
                entry["bytes"] = max(entry["bytes"], len(body))
                entry["listed"] = listed(body)
        for entry in results.values():
            times = sorted(entry.pop("seconds"))
            entry["median_ms"] = statistics.median(times) * 1000 if times else None
            entry["p95_ms"] = times[int(0.95 * (len(times) - 1))] * 1000 if times else None
        return {"first_view_ms": first_view * 1000, "pages": results, "fill": fill}
    finally:
        client.close()


def table(runs: dict[str, dict]) -> str:
    lines = [
        "| size | page | median | p95 | size (bytes) | rows listed | within target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for size, run in runs.items():
        lines.append(
            f"| {size} | first view of /matrix after start (catalogue read) | "
            f"{run['first_view_ms']:.0f} ms | | | | |"
        )
        for name, entry in run["pages"].items():
            ok = (
                entry["errors"] == 0
                and entry["median_ms"] is not None
                and entry["median_ms"] < TARGET_MS
                and entry["bytes"] < TARGET_BYTES
            )
            lines.append(
                f"| {size} | {name} | {entry['median_ms']:.1f} ms | {entry['p95_ms']:.1f} ms | "
                f"{entry['bytes']:,} | {entry['listed']:,} | {'yes' if ok else 'NO'} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    work = args.work or args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    runs: dict[str, dict] = {}
    for size in args.sizes:
        data = work / f"views-{size}.nt"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "govsocial",
                "generate",
                "-n",
                size,
                "-o",
                str(data),
                "--seed",
                str(args.seed),
            ],
            check=True,
        )
        server = GovSocial("govsocial", [data, HERE.parent / "ontology"], work)
        started = server.start()
        try:
            run = measure(f"http://127.0.0.1:{server.port}/sparql", args.repetitions, args.seed)
            run["load_seconds"] = started
            run["rss_mib"] = server.rss() / 2**20
        finally:
            server.stop()
        runs[size] = run
        print(f"{size}: first view {run['first_view_ms']:.0f} ms", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    markdown = table(runs)
    (args.out / "views.md").write_text(
        "# Views per request (bench/views.py)\n\n"
        f"{args.repetitions} repetitions per page, one keep-alive connection, seed {args.seed}; "
        f"target: median under {TARGET_MS:.0f} ms once warm and under {TARGET_BYTES:,} bytes.\n\n"
        + markdown,
        encoding="utf-8",
    )
    (args.out / "views.json").write_text(
        json.dumps(
            {"machine": machine(None), "repetitions": args.repetitions, "runs": runs}, indent=2
        ),
        encoding="utf-8",
    )
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
