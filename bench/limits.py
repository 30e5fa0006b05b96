"""How soon the endpoint's limits act, and what a cheap query costs beside them.

The tests assert what a user relies on: a runaway query is stopped with 503 at --timeout (not
before it, not much after), a point query is answered beside runaways, load is shed with 503 +
Retry-After, a query worker stopped at a limit is replaced (tests/hardening/test_runaway.py,
test_overload.py, tests/endpoint/test_safety.py and test_store.py, tests/stores/
test_admission.py). How long each of those takes is measured here, against the targets those
tests once asserted as wall-clock bounds.

Sections (`--sections`, default all):

  point     a point lookup (one value of one subject) over one keep-alive connection, GET with
            `requests.Session` as a client would: 20 untimed, then `--rounds` timed.
            Target: the whole round trip, client included, under 10 ms.
  runaways  each runaway of tests/support/runaways.py, `--repetitions` times: seconds to its
            answer (503 at the time limit or the memory cap, 400 refused by the query check,
            200 cut at --max-rows), then to the answer of a point query sent right after.
            Targets: refused under 1 s; cut, or stopped at the memory cap, before the 2 s time
            limit; stopped at the time limit within 1.5 s after it; the point query after
            any of them under 0.5 s.
  beside    point queries, one every 0.05 s, while one runaway (the 10^9-row VALUES product)
            and while four (tests/support/runaways.py PARALLEL: two for each limit) run: how
            many were answered, median and slowest. Target: the slowest under 1 s beside one,
            under 0.5 s beside four.
  overload  64 keep-alive clients against a second server (2 HTTP workers x 32 threads,
            --query-workers 8, --timeout 2): 6 s warm-up, `--baseline-seconds` of point queries
            only, then `--overload-seconds` with one request in ten a runaway. Point queries'
            median, p99 and slowest; statuses; requests shed (503 before any work). Target:
            point p99 under 1 s, or under 3x the baseline's p99 on a busy machine, and always
            under the 2 s time limit (without shedding it was 2.5-2.8 s).
  store     in process (OxigraphStore over tests/endpoint/data/fixture.trig, timeout 2 s,
            256 MiB): a 10^9-row count stopped at the time limit, then the first query after it
            (served by the replacement worker; target 0.2 s); an ORDER BY over 10^9 rows
            stopped at the memory cap (target: before the time limit). With the one query worker
            of a pool busy with a runaway (timeout 4 s, queue timeout 0.6 s): a point query that
            makes room by stopping it (target 0.6 s), and, when the runaway may keep its worker,
            one refused after the queue timeout.

The server is started as the hardening tests start theirs (tests/hardening/conftest.py):
`govsocial serve --data tests/endpoint/data/fixture.trig --data <cyclic graph of 10^5 triples>
--timeout 2 --memory-limit 256 --max-rows 1000 --workers 2 --threads 4`, a real process on a
free loopback port, its log in `--work`.

    .venv/bin/python bench/limits.py                              # about 3 minutes
    .venv/bin/python bench/limits.py --quick --out /tmp/limits    # smoke run, about a minute

Writes <out>/limits.json (everything, with the machine) and <out>/limits.md (the tables).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))  # support.runaways, .overload, .processes

from report import machine  # noqa: E402
from servers import GovSocial  # noqa: E402

from support.overload import CLIENTS, SLOW_SHARE, run_clients  # noqa: E402
from support.processes import busy_query_workers  # noqa: E402
from support.runaways import (  # noqa: E402
    CUT,
    PARALLEL,
    POINT,
    REFUSED,
    RUNAWAYS,
    write_cyclic_graph,
)

FIXTURE = ROOT / "tests" / "endpoint" / "data" / "fixture.trig"
TIMEOUT = 2.0  # --timeout of both servers, and of the store section
LOOKUP = "SELECT ?o { <http://example.org/alice> <http://example.org/age> ?o }"
SECTIONS = ("point", "runaways", "beside", "overload", "store")
WAIT_BOUND = 30.0  # seconds any wait for an event of the server may take before the run fails
WARM_SECONDS = 6.0
THOUSAND = " ".join(map(str, range(1000)))
CROSS = " ".join(f"VALUES ?{v} {{ {THOUSAND} }}" for v in "abc")
COUNT_CROSS = f"SELECT (COUNT(*) AS ?n) {{ {CROSS} }}"  # 10^9 rows: the time limit stops it
GREEDY = f"SELECT * {{ {CROSS} }} ORDER BY DESC(?c)"  # holds every row: the memory cap stops it
# the targets the tests once asserted (seconds)
TARGETS = {
    "point": 0.010,
    "refused": 1.0,
    "cut": TIMEOUT,
    "memory": TIMEOUT,
    "time": TIMEOUT + 1.5,
    "point_after": 0.5,
    "beside_one": 1.0,
    "beside_four": 0.5,
    "overload_p99": 1.0,
    "overload_factor": 3.0,
    "store_after_timeout": 0.2,
    "store_memory": TIMEOUT,
    "store_make_room": 0.6,
}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--repetitions", type=int, help="per runaway and case (default 3)")
    parser.add_argument("--rounds", type=int, help="timed point lookups (default 500)")
    parser.add_argument("--baseline-seconds", type=float, help="overload: default 8")
    parser.add_argument("--overload-seconds", type=float, help="overload: default 30")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 repetition, short")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--work", type=Path, help="data and server logs (default <out>/work)")
    args = parser.parse_args(argv)
    quick = args.quick
    args.repetitions = args.repetitions or (1 if quick else 3)
    args.rounds = args.rounds or (50 if quick else 500)
    args.baseline_seconds = args.baseline_seconds or (2.0 if quick else 8.0)
    args.overload_seconds = args.overload_seconds or (4.0 if quick else 30.0)
    args.warm_seconds = 2.0 if quick else WARM_SECONDS
    return args


# -- figures -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else None


def summary(seconds: list[float]) -> dict[str, Any]:
    """Count, mean, median, p95, p99 and max of a list of seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "mean_ms": statistics.fmean(ms) if ms else None,
        "median_ms": statistics.median(ms) if ms else None,
        "p95_ms": percentile(ms, 0.95),
        "p99_ms": percentile(ms, 0.99),
        "max_ms": max(ms) if ms else None,
    }


def wait_for(condition: Callable[[], object], what: str, bound: float = WAIT_BOUND) -> None:
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {bound:g} s for {what}")
        time.sleep(0.05)  # a poll interval of the bounded wait above


def timed_point(base: str, session: requests.Session | None = None) -> tuple[float, int]:
    """GET the point query; return the seconds and the status (200: the answer is checked)."""
    began = time.perf_counter()
    response = (session or requests).get(
        base + "/sparql", params={"query": POINT}, timeout=WAIT_BOUND
    )
    seconds = time.perf_counter() - began
    if response.status_code == 200 and response.json()["boolean"] is not True:
        raise RuntimeError(f"point query: a wrong answer {response.text[:200]}")
    return seconds, response.status_code


def stopped_by(response: requests.Response) -> str:
    if response.status_code == 400 and "too complex" in response.text:
        return REFUSED
    if response.status_code == 200 and response.headers.get("GovSocial-Results-Truncated"):
        return CUT
    if response.status_code == 503 and "more memory" in response.text:
        return "memory"
    if response.status_code == 503 and "did not finish within" in response.text:
        return "time"
    return f"status {response.status_code}"


# -- sections against the server ----------------------------------------------------------------


def point(base: str, rounds: int) -> dict[str, Any]:
    session = requests.Session()
    url = base + "/sparql"
    for _ in range(20):
        session.get(url, params={"query": LOOKUP}, timeout=WAIT_BOUND)
    seconds, errors = [], 0
    for _ in range(rounds):
        began = time.perf_counter()
        response = session.get(url, params={"query": LOOKUP}, timeout=WAIT_BOUND)
        seconds.append(time.perf_counter() - began)
        errors += response.status_code != 200
    session.close()
    return {"errors": errors, **summary(seconds)}


def runaways(base: str, server: GovSocial, repetitions: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, (query, limit) in RUNAWAYS.items():
        answer, after, by = [], [], collections.Counter()
        after_statuses: collections.Counter[int] = collections.Counter()
        for _ in range(repetitions):
            began = time.perf_counter()
            response = requests.post(base + "/sparql", data={"query": query}, timeout=60)
            answer.append(time.perf_counter() - began)
            by[stopped_by(response)] += 1
            seconds, status = timed_point(base)
            after.append(seconds)
            after_statuses[status] += 1
            wait_for(lambda: not busy_query_workers(server), "the stopped runaway's worker")
        results[name] = {
            "limit": limit,
            "stopped_by": dict(by),
            "answer": summary(answer),
            "point_after": {"statuses": dict(after_statuses), **summary(after)},
        }
        print(f"  {name}: {dict(by)}, {statistics.median(answer):.2f} s", flush=True)
    return results


def beside(base: str, server: GovSocial, names: list[str], repetitions: int) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: collections.Counter[str] = collections.Counter()
    point_statuses: collections.Counter[int] = collections.Counter()
    for _ in range(repetitions):
        answers: list[requests.Response] = []

        def run(query: str, answers: list[requests.Response] = answers) -> None:
            answers.append(requests.post(base + "/sparql", data={"query": query}, timeout=60))

        threads = [threading.Thread(target=run, args=(RUNAWAYS[n][0],)) for n in names]
        for thread in threads:
            thread.start()
        wait_for(
            lambda answers=answers: len(busy_query_workers(server)) + len(answers) >= len(names),
            "the runaways to run",
        )
        session = requests.Session()
        while any(t.is_alive() for t in threads):
            seconds, status = timed_point(base, session)
            latencies.append(seconds)
            point_statuses[status] += 1
            time.sleep(0.05)  # the pace of the point queries beside the runaways
        session.close()
        for thread in threads:
            thread.join()
        statuses.update(str(a.status_code) for a in answers)
        wait_for(lambda: not busy_query_workers(server), "the stopped runaways' workers")
    return {
        "runaways": names,
        "statuses": dict(statuses),
        "point_statuses": dict(point_statuses),
        **summary(latencies),
    }


# -- overload ------------------------------------------------------------------------------------


def load(base: str, seconds: float, slow_share: float) -> dict[str, Any]:
    """tests/hardening/test_overload.py's clients (support.overload) for `seconds`."""
    seen = run_clients(base, seconds, slow_share)
    return {
        "seconds": seconds,
        "statuses": {f"{kind} {status}": n for (kind, status), n in seen.statuses.items()},
        "shed": seen.shed,
        "errors": len(seen.errors),
        "point": summary(seen.latencies["point"]),
    }


def overload(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    server = GovSocial(
        "limits-overload",
        [FIXTURE],
        work,
        extra_args=[
            "--timeout",
            f"{TIMEOUT:g}",
            "--memory-limit",
            "256",
            "--workers",
            "2",
            "--threads",
            "32",
            "--query-workers",
            "8",
        ],
    )
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    quiet = lambda: not busy_query_workers(server)  # noqa: E731
    try:
        load(base, args.warm_seconds, SLOW_SHARE)  # the pools grow to their size
        wait_for(quiet, "the warm-up's runaways to be stopped")
        baseline = load(base, args.baseline_seconds, 0.0)
        loaded = load(base, args.overload_seconds, SLOW_SHARE)
        wait_for(quiet, "the load's runaways to be stopped")
    finally:
        server.stop()
    return {"clients": CLIENTS, "slow_share": SLOW_SHARE, "baseline": baseline, "loaded": loaded}


# -- the store, in process -----------------------------------------------------------------------


def store(repetitions: int) -> dict[str, Any]:
    from govsocial.endpoint.store import QueryJob
    from govsocial.endpoint.store.errors import QueryError
    from govsocial.endpoint.store.oxigraph import OxigraphStore
    from govsocial.endpoint.store.pool import Admission

    def seconds_of(call: Callable[[], object]) -> tuple[float, str]:
        began = time.perf_counter()
        try:
            call()
            outcome = "answered"
        except QueryError as error:
            outcome = type(error).__name__
        return time.perf_counter() - began, outcome

    figures: dict[str, list[float]] = collections.defaultdict(list)
    outcomes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)

    def note(case: str, measured: tuple[float, str]) -> None:
        figures[case].append(measured[0])
        outcomes[case][measured[1]] += 1

    limited = OxigraphStore([FIXTURE], timeout=TIMEOUT, max_rows=1000, memory_limit=256 * 2**20)
    try:
        limited.ask("ASK {}")
        for _ in range(repetitions):
            note(
                "stopped at the time limit", seconds_of(lambda: limited.run(QueryJob(COUNT_CROSS)))
            )
            note("first query after it", seconds_of(lambda: limited.ask("ASK {}")))
            note("stopped at the memory cap", seconds_of(lambda: limited.run(QueryJob(GREEDY))))
            note("first query after the cap", seconds_of(lambda: limited.ask("ASK {}")))
    finally:
        limited.close()

    for case, long_queries in (("point query making room", 0), ("point query refused", 1)):
        pool = OxigraphStore(
            [FIXTURE],
            timeout=4.0,
            admission=Admission(
                workers=1, long_queries=long_queries, queue_timeout=0.6, long_after=0.2
            ),
        )
        try:
            for _ in range(repetitions):
                runaway = threading.Thread(
                    target=lambda pool=pool: seconds_of(lambda: pool.select(COUNT_CROSS))
                )
                runaway.start()
                wait_for(lambda pool=pool: pool._pool._busy, "the runaway to hold the worker")
                note(case, seconds_of(lambda pool=pool: pool.ask(POINT)))
                runaway.join(timeout=WAIT_BOUND)
        finally:
            pool.close()
    return {
        case: {"outcomes": dict(outcomes[case]), **summary(values)}
        for case, values in figures.items()
    }


# -- the report ----------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a `|` (in a property path) escaped."""
    return text.replace("|", "\\|")


def _met(value_ms: float | None, target_s: float) -> str:
    return "-" if value_ms is None else ("yes" if value_ms < target_s * 1000 else "NO")


def markdown(document: dict[str, Any]) -> str:
    m = document["machine"]
    rows = [
        "# How soon the limits act (bench/limits.py)",
        "",
        f"{document['date']}, `{document['command']}`; {m['cores']} cores, {m['cpu']}, "
        f"load average before the run {document['load_average']}. Times in ms, measured by the "
        f"client (the whole round trip); {document['repetitions']} repetition(s) per case. "
        "The targets are the bounds tests/ once asserted; the tests now assert the events "
        "(stopped, answered, shed), these figures show how soon.",
    ]
    s = document["sections"]
    if "point" in s:
        p = s["point"]
        rows += [
            "",
            "## A point lookup, keep-alive GET",
            "",
            "| rounds | errors | mean | median | p95 | max | target (mean) | met |",
            "|--:|--:|--:|--:|--:|--:|--:|---|",
            f"| {p['n']} | {p['errors']} | {_ms(p['mean_ms'])} | {_ms(p['median_ms'])} "
            f"| {_ms(p['p95_ms'])} | {_ms(p['max_ms'])} | {TARGETS['point'] * 1000:g} "
            f"| {_met(p['mean_ms'], TARGETS['point'])} |",
        ]
    if "runaways" in s:
        rows += [
            "",
            f"## Runaways (server --timeout {TIMEOUT:g} --memory-limit 256 --max-rows 1000)",
            "",
            "| runaway | stopped by | answer median | max | target | met "
            "| point query after: statuses | median | max | met (0.5 s) |",
            "|---|---|--:|--:|--:|---|---|--:|--:|---|",
        ]
        for name, r in s["runaways"].items():
            by = ", ".join(f"{k} {n}" for k, n in r["stopped_by"].items())
            kinds = set(r["stopped_by"])
            target = max(TARGETS.get(k, TIMEOUT + 1.5) for k in kinds)
            low = "" if kinds != {"time"} else f"{TIMEOUT * 1000:g} - "
            a, after = r["answer"], r["point_after"]
            rows.append(
                f"| {_cell(name)} | {by} | {_ms(a['median_ms'])} | {_ms(a['max_ms'])} "
                f"| {low}{target * 1000:g} | {_met(a['max_ms'], target)} "
                f"| {', '.join(f'{k} x{n}' for k, n in after['statuses'].items())} "
                f"| {_ms(after['median_ms'])} | {_ms(after['max_ms'])} "
                f"| {_met(after['max_ms'], TARGETS['point_after'])} |"
            )
    if "beside" in s:
        rows += [
            "",
            "## Point queries beside runaways (one every 0.05 s while they run)",
            "",
            "| runaways | their statuses | point queries: statuses | median | p95 | max "
            "| target (max) | met |",
            "|---|---|---|--:|--:|--:|--:|---|",
        ]
        for label, key in (("one", "beside_one"), ("four", "beside_four")):
            b = s["beside"][label]
            statuses = ", ".join(f"{k} x{n}" for k, n in b["statuses"].items())
            points = ", ".join(f"{k} x{n}" for k, n in b["point_statuses"].items())
            rows.append(
                f"| {label}: {_cell(', '.join(b['runaways']))} | {statuses} | {points} "
                f"| {_ms(b['median_ms'])} | {_ms(b['p95_ms'])} | {_ms(b['max_ms'])} "
                f"| {TARGETS[key] * 1000:g} | {_met(b['max_ms'], TARGETS[key])} |"
            )
    if "overload" in s:
        o = s["overload"]
        base, loaded = o["baseline"]["point"], o["loaded"]["point"]
        limit = min(
            TIMEOUT,
            max(TARGETS["overload_p99"], TARGETS["overload_factor"] * (base["p99_ms"] or 0) / 1000),
        )
        rows += [
            "",
            f"## Overload: {o['clients']} clients, 2 HTTP workers x 32 threads, "
            f"--query-workers 8, --timeout {TIMEOUT:g}",
            "",
            "| phase | seconds | statuses | shed | connection errors | point median | p99 | max |",
            "|---|--:|---|--:|--:|--:|--:|--:|",
        ]
        for phase, label in (("baseline", "point queries only"), ("loaded", "1 in 10 a runaway")):
            r = o[phase]
            statuses = ", ".join(f"{k} x{n}" for k, n in sorted(r["statuses"].items()))
            rows.append(
                f"| {label} | {r['seconds']:g} | {statuses} | {r['shed']} | {r['errors']} "
                f"| {_ms(r['point']['median_ms'])} | {_ms(r['point']['p99_ms'])} "
                f"| {_ms(r['point']['max_ms'])} |"
            )
        verdict = "met" if _met(loaded["p99_ms"], limit) == "yes" else "NOT met"
        rows += [
            "",
            f"Target: point p99 under load below max(1 s, 3 x the baseline p99), and below the "
            f"{TIMEOUT:g} s time limit: here {limit * 1000:.0f} ms; measured "
            f"{_ms(loaded['p99_ms'])} ms: {verdict}.",
        ]
    if "store" in s:
        targets = {
            "stopped at the time limit": f"{TIMEOUT * 1000:g} - {(TIMEOUT + 1.5) * 1000:g}",
            "first query after it": f"{TARGETS['store_after_timeout'] * 1000:g}",
            "stopped at the memory cap": f"{TARGETS['store_memory'] * 1000:g}",
            "point query making room": f"{TARGETS['store_make_room'] * 1000:g}",
            "point query refused": "600 (the queue timeout)",
        }
        rows += [
            "",
            "## The store in process (time limit 2 s, 256 MiB; the pool: 1 worker, timeout 4 s, "
            "queue timeout 0.6 s)",
            "",
            "| case | outcomes | median | max | target |",
            "|---|---|--:|--:|--:|",
        ]
        for case, r in s["store"].items():
            outcomes = ", ".join(f"{k} x{n}" for k, n in r["outcomes"].items())
            rows.append(
                f"| {case} | {outcomes} | {_ms(r['median_ms'])} | {_ms(r['max_ms'])} "
                f"| {targets.get(case, '-')} |"
            )
    rows += ["", f"Total {document['wall_s']:.0f} s."]
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    work = (args.work or args.out / "work").resolve()
    work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    # the linked-data cache of this run only, never the checkout's var/
    os.environ["GOVSOCIAL_LINKEDDATA_CACHE_DIR"] = json.dumps(str(work / "ld-cache"))
    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    began = time.monotonic()
    sections: dict[str, Any] = {}
    if {"point", "runaways", "beside"} & set(args.sections):
        cyclic = write_cyclic_graph(work / "cyclic.nt")
        server = GovSocial(
            "limits",
            [FIXTURE, cyclic],
            work,
            extra_args=[
                "--timeout",
                f"{TIMEOUT:g}",
                "--memory-limit",
                "256",
                "--max-rows",
                "1000",
                "--workers",
                "2",
                "--threads",
                "4",
            ],
        )
        server.start()
        base = f"http://127.0.0.1:{server.port}"
        try:
            if "point" in args.sections:
                print("point lookups", flush=True)
                sections["point"] = point(base, args.rounds)
            if "runaways" in args.sections:
                print("runaways", flush=True)
                sections["runaways"] = runaways(base, server, args.repetitions)
            if "beside" in args.sections:
                print("point queries beside runaways", flush=True)
                sections["beside"] = {
                    "one": beside(base, server, [PARALLEL[0]], args.repetitions),
                    "four": beside(base, server, PARALLEL, args.repetitions),
                }
        finally:
            server.stop()
    if "overload" in args.sections:
        print("overload", flush=True)
        sections["overload"] = overload(work, args)
    if "store" in args.sections:
        print("store, in process", flush=True)
        sections["store"] = store(args.repetitions)
    document = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python bench/limits.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": machine(None),
        "load_average": load_average,
        "repetitions": args.repetitions,
        "quick": args.quick,
        "targets_s": TARGETS,
        "wall_s": round(time.monotonic() - began, 1),
        "sections": sections,
    }
    (args.out / "limits.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    table = markdown(document)
    (args.out / "limits.md").write_text(table, encoding="utf-8")
    print()
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
