"""Measure `govsocial validate` time and peak memory per engine and size; print a Markdown row.

Usage: .venv/bin/python bench/validation/measure.py FILE ENGINE [--timeout S]
Runs the real command under /usr/bin/time -v: wall time, CPU time (user + system) and peak
RSS of the process. Prints one Markdown table row (see results.md).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path


def measure(data: Path, engine: str, timeout: float) -> dict[str, object]:
    """Run `govsocial validate DATA --engine ENGINE`; return seconds, peak RSS (MiB), exit."""
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "govsocial",
        "validate",
        str(data),
        "--engine",
        engine,
        "--format",
        "json",
        "--output",
        "/dev/null",
    ]
    start = time.monotonic()
    # a session of its own, so that a timeout stops the validator too, not only `time`
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate()
        return {
            "seconds": f"> {timeout:.0f}",
            "cpu_seconds": None,
            "rss_mib": None,
            "exit": "timeout",
        }
    run = subprocess.CompletedProcess(command, process.returncode, "", stderr)
    seconds = time.monotonic() - start
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    # CPU seconds say what the run costs even when other work shares the cores
    cpu = sum(
        float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", run.stderr)
    )
    summary = run.stderr.strip().splitlines()[0] if run.stderr.strip() else ""
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "rss_mib": int(rss.group(1)) // 1024 if rss else None,
        "exit": run.returncode,
        "summary": summary,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("engine", choices=("native", "pyshacl", "auto"))
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    result = measure(args.data, args.engine, args.timeout)
    print(
        f"| {args.data.name} | {args.engine} | {result['seconds']} | {result['cpu_seconds']} | "
        f"{result['rss_mib']} | {result['exit']} | {result.get('summary', '')} |"
    )


if __name__ == "__main__":
    main()
