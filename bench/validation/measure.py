"""Measure `govsocial validate` time and peak memory per engine and size; print a Markdown row.

Usage: .venv/bin/python bench/validation/measure.py FILE ENGINE [--timeout S]
Runs the real command under /usr/bin/time -v (wall time, peak RSS of the process).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path


def measure(data: Path, engine: str, timeout: float) -> dict[str, object]:
    """Run `govsocial validate DATA --engine ENGINE`; return seconds, peak RSS (MiB), exit."""
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "govsocial", "validate", str(data),
               "--engine", engine, "--format", "json", "--output", "/dev/null"]
    start = time.monotonic()
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "rss_mib": None, "exit": "timeout"}
    seconds = time.monotonic() - start
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    summary = run.stderr.strip().splitlines()[0] if run.stderr.strip() else ""
    return {"seconds": round(seconds, 1), "rss_mib": int(rss.group(1)) // 1024 if rss else None,
            "exit": run.returncode, "summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("engine", choices=("native", "pyshacl", "auto"))
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    result = measure(args.data, args.engine, args.timeout)
    print(f"| {args.data.name} | {args.engine} | {result['seconds']} | {result['rss_mib']} | "
          f"{result['exit']} | {result.get('summary', '')} |")


if __name__ == "__main__":
    main()
