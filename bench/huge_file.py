"""A huge broken data file: how long `govsocial validate` and `govsocial serve --data` take to
refuse it, and their peak memory.

Writes `--mib` MiB of N-Triples (default 200: 1.4 million lines of labels) whose very last line
is broken (an unterminated string), as tests/hardening/test_bad_data.py::test_huge_broken_file
does, then runs each command on it `--repetitions` times as a subprocess (in a process of its
own that reads the child's resource usage): exit status, wall and CPU seconds, peak RSS, and
whether the error names the file's last line. The test asserts what a user relies on (exit 2,
the message names the line, memory under 8x the file); the time it takes is measured here.
Targets (the bounds that test once asserted): validate under 60 s, serve under 90 s.

    .venv/bin/python bench/huge_file.py                        # 200 MiB, 2 repetitions, ~1 min
    .venv/bin/python bench/huge_file.py --mib 5 --repetitions 1 --out /tmp/huge   # smoke run

Writes <out>/huge-file.json (everything, with the machine) and <out>/huge-file.md (the table);
the data file goes to `--work` (default <out>/work, ignored by git) and is deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from report import machine
from servers import free_port

HERE = Path(__file__).resolve().parent
TARGETS = {"validate": 60.0, "serve": 90.0}  # seconds
LINE = (
    "<https://example.org/r/{i}> <http://www.w3.org/2000/01/rdf-schema#label> "
    '"label number {i} with some padding text to make the lines longer"@en .\n'
)
BROKEN = '<https://example.org/broken> <http://example.org/p> "unterminated .\n'
# runs the command; prints its exit status, wall seconds, CPU seconds, peak RSS (bytes)
PROBE = """
import resource, subprocess, sys, time
began = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.monotonic() - began
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(done.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)
sys.stderr.write(done.stderr[-3000:])
"""


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=int, default=200, help="size of the file (default 200)")
    parser.add_argument("--repetitions", type=int, default=2)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--work", type=Path, help="the data file's folder (default <out>/work)")
    return parser.parse_args(argv)


def write_huge(path: Path, mib: int) -> int:
    """Write about `mib` MiB of N-Triples, the last line broken; return the number of lines."""
    written, lines = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < mib * 2**20:
            block = "".join(LINE.format(i=lines + k) for k in range(50_000))
            out.write(block)
            written += len(block)
            lines += 50_000
        out.write(BROKEN)
    return lines + 1


def measure(command: list[str], last_line: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command], capture_output=True, text=True, timeout=900
    )
    code, wall, cpu, peak = done.stdout.split()
    return {
        "exit": int(code),
        "seconds": round(float(wall), 2),
        "cpu_seconds": round(float(cpu), 2),
        "peak_rss": int(peak),
        "names_the_line": f"line {last_line}" in done.stderr,
    }


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    work = (args.work or args.out / "work").resolve()
    work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    path = work / f"huge-{args.mib}mib.nt"
    began = time.monotonic()
    try:
        last_line = write_huge(path, args.mib)
        size = path.stat().st_size
        print(f"{path.name}: {size >> 20} MiB, {last_line:,} lines", flush=True)
        # the linked-data cache of this run only, never the checkout's var/
        os.environ["GOVSOCIAL_LINKEDDATA_CACHE_DIR"] = json.dumps(str(work / "ld-cache"))
        govsocial = [sys.executable, "-m", "govsocial"]
        runs: dict[str, list[dict[str, Any]]] = {"validate": [], "serve": []}
        for _ in range(args.repetitions):
            for name in runs:
                command = (
                    [*govsocial, "validate", str(path)]
                    if name == "validate"
                    else [*govsocial, "serve", "--port", str(free_port()), "--data", str(path)]
                )
                run = measure(command, last_line)
                runs[name].append(run)
                print(f"  {name}: {run}", flush=True)
    finally:
        path.unlink(missing_ok=True)
    results = {
        name: {
            "runs": values,
            "median_seconds": statistics.median(r["seconds"] for r in values),
            "max_seconds": max(r["seconds"] for r in values),
            "peak_rss_max": max(r["peak_rss"] for r in values),
            "target_seconds": TARGETS[name],
        }
        for name, values in runs.items()
    }
    document = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python bench/huge_file.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": machine(None),
        "load_average": load_average,
        "bytes": size,
        "lines": last_line,
        "wall_s": round(time.monotonic() - began, 1),
        "results": results,
    }
    (args.out / "huge-file.json").write_text(
        json.dumps(document, indent=2) + "\n", encoding="utf-8"
    )
    table = markdown(document)
    (args.out / "huge-file.md").write_text(table, encoding="utf-8")
    print()
    print(table)
    return 0


def markdown(document: dict[str, Any]) -> str:
    m = document["machine"]
    size = document["bytes"]
    rows = [
        "# A huge broken file (bench/huge_file.py)",
        "",
        f"{document['date']}, `{document['command']}`; {m['cores']} cores, {m['cpu']}, load "
        f"average before the run {document['load_average']}. The file: {size >> 20} MiB of "
        f"N-Triples, {document['lines']:,} lines, the last one broken. Each command as a "
        "subprocess, process start to exit; peak RSS of the process tree's largest process.",
        "",
        "| command | runs | exit | names the last line | wall s (median / max) | CPU s "
        "| peak RSS MiB | peak / file | target s | met |",
        "|---|--:|---|---|--:|--:|--:|--:|--:|---|",
    ]
    for name, r in document["results"].items():
        runs = r["runs"]
        exits = ", ".join(sorted({str(x["exit"]) for x in runs}))
        named = "yes" if all(x["names_the_line"] for x in runs) else "NO"
        cpu = statistics.median(x["cpu_seconds"] for x in runs)
        met = "yes" if r["max_seconds"] < r["target_seconds"] else "NO"
        rows.append(
            f"| `govsocial {name}` | {len(runs)} | {exits} | {named} "
            f"| {r['median_seconds']:.1f} / {r['max_seconds']:.1f} | {cpu:.1f} "
            f"| {r['peak_rss_max'] >> 20} | {r['peak_rss_max'] / size:.1f} "
            f"| {r['target_seconds']:g} | {met} |"
        )
    rows += ["", f"Total {document['wall_s']:.0f} s (writing the file included)."]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.exit(main())
