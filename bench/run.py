"""Benchmark govsocial's SPARQL endpoint against Oxigraph's in-memory server on generated data.

For each size: generate the data (`govsocial generate`), start both servers as real processes on
loopback with the same data plus the ontology, run the query mix interleaved (median and p95
latency per query), then throughput at each concurrency, restart time, peak memory, and
`govsocial validate` time and memory on the generated file. Writes
<out>/<date>-<host>.json, <out>/latest.md and <out>/latency.png. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the harness's modules sit beside this script

import report  # noqa: E402
import servers as srv  # noqa: E402
import workload  # noqa: E402

from govsocial.graph.generate import generate  # noqa: E402
from govsocial.graph.paths import ontology_dir  # noqa: E402

SERVER_NAMES = ("govsocial", "oxigraph")


def size(text: str) -> int:
    """Read a size such as 1e4, 100000 or 1_000_000."""
    value = float(text.replace("_", ""))
    if value != int(value) or value < 1000:
        raise argparse.ArgumentTypeError(f"{text}: a whole number of at least 1000 triples")
    return int(value)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=size,
        default=[10_000, 100_000, 1_000_000],
        help="triples per data set (default: 1e4 1e5 1e6)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke test: 2 repetitions, throughput bounded to 1 s per level",
    )
    parser.add_argument(
        "--repetitions", type=int, help="timed runs per query and server (default 20, quick 2)"
    )
    parser.add_argument("--concurrency", nargs="+", type=int, default=[1, 4, 8])
    parser.add_argument(
        "--throughput-seconds",
        type=float,
        help="time bound per concurrency level (default 10, quick 1)",
    )
    parser.add_argument(
        "--throughput-requests",
        type=int,
        help="request bound per concurrency level (default 5000, quick 200)",
    )
    parser.add_argument(
        "--servers",
        default=",".join(SERVER_NAMES),
        help="comma-separated: govsocial,oxigraph (default both)",
    )
    parser.add_argument("--no-validate", action="store_true", help="skip `govsocial validate`")
    parser.add_argument("--validate-timeout", type=float, default=3600.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE / "results",
        help="folder for the results (default bench/results)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="folder for data files and server logs (default: <out>/work, not committed)",
    )
    parser.add_argument(
        "--govsocial-arg",
        action="append",
        default=[],
        help="extra argument for `govsocial serve` (repeatable), e.g. --govsocial-arg=--workers=2",
    )
    parser.add_argument("--queries", type=Path, default=HERE / "queries")
    args = parser.parse_args(argv)
    args.repetitions = args.repetitions or (2 if args.quick else 20)
    args.throughput_seconds = args.throughput_seconds or (1.0 if args.quick else 10.0)
    args.throughput_requests = args.throughput_requests or (200 if args.quick else 5000)
    args.servers = [name.strip() for name in args.servers.split(",") if name.strip()]
    unknown = set(args.servers) - set(SERVER_NAMES)
    if unknown or not args.servers:
        parser.error(f"--servers: choose from {', '.join(SERVER_NAMES)}")
    return args


def make_servers(args: argparse.Namespace, data: Path, logs: Path) -> list[srv.Server]:
    files = [data, ontology_dir()]
    made: list[srv.Server] = []
    for name in args.servers:
        if name == "govsocial":
            made.append(srv.GovSocial(name, files, logs, list(args.govsocial_arg)))
        else:
            binary = srv.oxigraph_binary()
            if binary is None:
                raise SystemExit(
                    "oxigraph binary not found: pip install 'govsocial-kg[bench]' "
                    "(or run with --servers govsocial)"
                )
            server = srv.Oxigraph(name, files, logs)
            server.binary = binary
            made.append(server)
    return made


def validate(data: Path, timeout: float) -> dict[str, Any]:
    """Run `govsocial validate` on the file; return seconds, peak RSS and exit status."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "govsocial", "validate", str(data), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with srv.PeakMemory(process.pid, interval=0.2) as memory:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
    seconds = time.perf_counter() - began
    result: dict[str, Any] = {
        "seconds": round(seconds, 2),
        "peak_rss": memory.peak,
        "exit": process.returncode,
    }
    try:
        document = json.loads(out)
        result.update(violations=document["violations"], warnings=document["warnings"])
    except (ValueError, KeyError):
        result["stderr"] = err.decode("utf-8", "replace")[-2000:]
    return result


def measure_size(
    args: argparse.Namespace, triples: int, queries: list[workload.Query], work: Path
) -> dict[str, Any]:
    """Generate, serve, query and validate one size; return its results."""
    data = work / f"syn-{triples}-seed{args.seed}.nt"
    began = time.perf_counter()
    with data.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as stream:
        summary = generate(stream, triples, seed=args.seed, fmt="nt")
    generated_s = time.perf_counter() - began
    print(f"[{triples:,}] generated {summary.triples:,} triples in {generated_s:.1f} s", flush=True)
    logs = work / f"logs-{triples}"
    logs.mkdir(exist_ok=True)
    running = make_servers(args, data, logs)
    per_server: dict[str, dict[str, Any]] = {}
    try:
        for server in running:
            load_s = server.start()
            per_server[server.name] = {"load_s": round(load_s, 3), "url": server.query_url}
            print(f"[{triples:,}] {server.name} ready in {load_s:.2f} s", flush=True)
        pools = workload.draw_pools(running[0].query_url)
        endpoints = [(s.name, s.query_url) for s in running]
        monitors = [srv.PeakMemory(s.process.pid) for s in running if s.process]
        for monitor in monitors:
            monitor.__enter__()
        timings = workload.latencies(endpoints, queries, pools, args.repetitions, args.seed)
        for server in running:
            if isinstance(server, srv.GovSocial):
                page_timings = workload.pages(server.query_url, pools, args.repetitions, args.seed)
                per_server[server.name]["pages"] = {
                    name: timing.summary() for name, timing in page_timings.items()
                }
        for index, level in enumerate(args.concurrency):
            # alternate which server goes first at each level
            order = running if index % 2 == 0 else list(reversed(running))
            for server in order:
                result = workload.throughput(
                    server.query_url,
                    queries,
                    pools,
                    level,
                    args.throughput_requests,
                    args.throughput_seconds,
                    args.seed,
                )
                per_server[server.name].setdefault("throughput", {})[str(level)] = result
        for monitor in monitors:
            monitor.__exit__(None, None, None)
        for server, monitor in zip(running, monitors, strict=True):
            entry = per_server[server.name]
            entry["latency"] = {q: t.summary() for q, t in timings[server.name].items()}
            entry["peak_rss"] = max(server.peak_rss, monitor.peak)
            entry["restart_s"] = round(server.restart(), 3)
            entry["peak_rss"] = max(entry["peak_rss"], server.peak_rss)
            print(
                f"[{triples:,}] {server.name} restarted in {entry['restart_s']:.2f} s", flush=True
            )
    finally:
        for server in running:
            server.stop()
    result: dict[str, Any] = {
        "triples": summary.triples,
        "requested": triples,
        "authorities": summary.authorities,
        "generate_s": round(generated_s, 2),
        "queries": [q.name for q in queries],
        "servers": per_server,
    }
    if not args.no_validate:
        result["validate"] = validate(data, args.validate_timeout)
        print(f"[{triples:,}] validate: {result['validate']['seconds']:.1f} s", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    queries = workload.load_queries(args.queries)
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.work or args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    results: dict[str, Any] = {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": report.machine(srv.oxigraph_binary() if "oxigraph" in args.servers else None),
        "servers": args.servers,
        "repetitions": args.repetitions,
        "concurrency": args.concurrency,
        "throughput_bounds": {
            "seconds": args.throughput_seconds,
            "requests": args.throughput_requests,
            "mix": list(workload.THROUGHPUT_MIX),
        },
        "sizes": [],
    }
    for triples in args.sizes:
        results["sizes"].append(measure_size(args, triples, queries, work))
    host = results["machine"]["hostname"].replace(os.sep, "-")
    json_path = args.out / f"{now:%Y-%m-%d}-{host}.json"
    report.write_json(json_path, results)
    (args.out / "latest.md").write_text(report.markdown(results), encoding="utf-8")
    written = [json_path, args.out / "latest.md"]
    if report.plot(results, args.out / "latency.png"):
        written.append(args.out / "latency.png")
    else:
        print("matplotlib is missing (pip install -e '.[bench]'): no latency.png", flush=True)
    print("wrote " + ", ".join(map(str, written)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
