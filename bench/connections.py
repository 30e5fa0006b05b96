"""Reliability under connection attacks: does a real client still get answers, and memory stay flat?

Starts the server itself on a free loopback port, then runs each scenario for `--seconds` after
a `--baseline` without attack, with a prober (tests/support/attacks.py `Prober`: a NEW
connection from 127.0.0.1 every 0.1 s asking `ASK {}`, each socket operation bounded by
`--prober-timeout`) running throughout, and the server's process group's memory sampled every
0.5 s. Attackers come from 127.0.0.2 .. 127.0.0.(1+N) (`--sources N`, default 40; `--one-source`:
all from 127.0.0.2) and re-open every connection the server closes or refuses (at most 200 per
second per attack). Nothing leaves 127.0.0.0/8.

Scenarios (connection counts; `--quick`: 3 s each and a tenth of the counts):

    baseline   no attack
    idle       1000 connections that never send a byte
    slowloris  200 that send a GET head one header line per second, never ending it
    slowbody   100 POSTs announcing 100,000 body bytes, sending one per second
    halfopen   50 that ask for the whole graph and never read (receive buffer 4 KiB)
               + 50 that send half a head and shut their write side
    stalled    64 that ask for 100,000 rows (18 MB, more than the kernel buffers) and never
               read: twice the default request threads
    keepalive  500 legitimate keep-alive clients, an ASK every 4 s each
    combined   idle 1000 + slowloris 200 + slowbody 100 at once. The target: the prober's
               p99 <= 500 ms, and memory flat (max - first <= 64 MiB, PSS where known)

The prober's p50/p99/max are over the attack window, and its p99 also over the window's second
half, once the attack is in place (the stalled readers' answers computed and stalled): the
figures tests/hardening/test_attacks.py leaves to this bench (it asserts that every probe is
answered; the target is p99 <= 500 ms in every scenario).

After each scenario the attack stops and the time until a probe is answered again is recorded
(bounded by 30 s); a server that died is started again for the next scenario.

Servers: `--server govsocial` runs `govsocial serve --port P` with its defaults (the project's
ontology/ and data/; `--data` passes files or folders through; `--govsocial-arg=...` any other
option), ready when /health answers 200. `--server oxigraph` loads every Turtle file of
ontology/ and data/ (or `--data`) with `oxigraph load --location TMP --file F`, then runs
`oxigraph serve --location TMP --bind 127.0.0.1:P`; its endpoint is /query, not /sparql.
`--git-rev REV` runs govsocial's server code as committed at REV (exported with `git archive`
into a temporary folder, put first on PYTHONPATH), not the working tree's.

Writes <out>/connections-<label>.json (everything, with the machine) and .md (the table),
and prints the table. Runtime is printed up front; every wait is bounded, and the server's
whole process group is stopped (SIGTERM, then SIGKILL) also on Ctrl-C or an error.

    .venv/bin/python bench/connections.py --server govsocial --label before
    .venv/bin/python bench/connections.py --server oxigraph --label oxigraph
    .venv/bin/python bench/connections.py --quick --scenarios idle combined   # CI smoke run
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # report.py
sys.path.insert(0, str(ROOT / "tests"))  # support.attacks

import report  # noqa: E402

from support import attacks as atk  # noqa: E402

KINDS: dict[str, type[atk.Attack]] = {
    cls.kind: cls
    for cls in (atk.Idle, atk.Slowloris, atk.SlowBody, atk.HalfOpen, atk.HalfClosed, atk.KeepAlive)
}
SCENARIOS: dict[str, list[tuple[str, int]]] = {
    "baseline": [],
    "idle": [("idle", 1000)],
    "slowloris": [("slowloris", 200)],
    "slowbody": [("slowbody", 100)],
    "halfopen": [("halfopen", 50), ("halfclosed", 50)],
    "keepalive": [("keepalive", 500)],
    "stalled": [("stalled", 64)],
    "combined": [("idle", 1000), ("slowloris", 200), ("slowbody", 100)],
}
TARGET_P99 = 0.5  # seconds: the combined scenario's target for the prober
TARGET_MEMORY = 64 * 2**20  # bytes: "flat" = max - first within this
RECOVERY_BOUND = 30.0  # seconds to wait for a probe answered after an attack
START_BOUND = 300.0  # seconds for a server to answer after it was started
STOP_BOUND = 15.0  # seconds between SIGTERM and SIGKILL
RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig")


def free_port() -> int:
    """Return a loopback port that is free now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@dataclass
class ServerProcess:
    """One server under test, in its own process group, logging to a file."""

    kind: str
    work: Path
    data: list[Path]
    extra: list[str]
    git_rev: str | None = None
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    tmp: list[Path] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return "/query" if self.kind == "oxigraph" else "/sparql"

    @property
    def ready_path(self) -> str:
        return f"/query?query={atk.ASK}" if self.kind == "oxigraph" else "/health"

    @property
    def log(self) -> Path:
        return self.work / f"connections-{self.kind}.log"

    def start(self) -> float:
        """Start (loading Oxigraph's store first time); wait for 200; return the seconds."""
        began = time.monotonic()
        self.port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        cwd: Path | None = None
        if self.kind == "oxigraph":
            command = [
                self._oxigraph(),
                "serve",
                "--location",
                str(self._store()),
                "--bind",
                f"127.0.0.1:{self.port}",
            ]
        else:
            command = [
                sys.executable,
                "-m",
                "govsocial",
                "serve",
                "--port",
                str(self.port),
                *[arg for path in self.data for arg in ("--data", str(path))],
                *self.extra,
            ]
            # the linked-data page cache of this run only, never the checkout's var/
            env["GOVSOCIAL_LINKEDDATA_CACHE_DIR"] = json.dumps(str(self.work / "ld-cache"))
            if self.git_rev:
                tree = self._exported()
                env["PYTHONPATH"] = os.pathsep.join(
                    [str(tree / "server"), *filter(None, [env.get("PYTHONPATH")])]
                )
                env["GOVSOCIAL_HOME"] = str(tree)
                cwd = tree
        with self.log.open("ab") as out:
            out.write(f"\n=== {' '.join(command)}\n".encode())
            out.flush()
            self.process = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env=env,
                cwd=cwd,
            )
        self.starts += 1
        deadline = time.monotonic() + START_BOUND
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-4000:]
                raise RuntimeError(f"{self.kind} exited with {self.process.returncode}:\n{tail}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                try:
                    conn.request("GET", self.ready_path)
                    if conn.getresponse().status == 200:
                        return time.monotonic() - began
                finally:
                    conn.close()
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"{self.kind} did not answer within {START_BOUND:g} s; see {self.log}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM the whole process group, SIGKILL it if it lingers; wait for the master."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=STOP_BOUND)
        with contextlib.suppress(ProcessLookupError):  # workers must not outlive the master
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=STOP_BOUND)

    def cleanup(self) -> None:
        for path in self.tmp:
            shutil.rmtree(path, ignore_errors=True)

    def _oxigraph(self) -> str:
        binary = oxigraph_binary()
        if binary is None:
            raise SystemExit("oxigraph binary not found: pip install -e '.[bench]'")
        return binary

    def _store(self) -> Path:
        """Load the Turtle files into a new on-disk store, once."""
        if self.tmp:
            return self.tmp[0]
        store = Path(tempfile.mkdtemp(prefix="connections-oxigraph-"))
        self.tmp.append(store)
        roots = self.data or [ROOT / "ontology", ROOT / "data"]
        files = [
            f
            for root in roots
            for f in (sorted(root.rglob("*")) if root.is_dir() else [root])
            if f.suffix in RDF_SUFFIXES and f.is_file()
        ]
        for file in files:
            subprocess.run(
                [self._oxigraph(), "load", "--location", str(store), "--file", str(file)],
                check=True,
                timeout=300,
                capture_output=True,
            )
        print(f"oxigraph: loaded {len(files)} files into {store}", flush=True)
        return store

    def _exported(self) -> Path:
        """The checkout at `git_rev`, exported once (read-only use of git)."""
        if self.tmp:
            return self.tmp[0]
        tree = Path(tempfile.mkdtemp(prefix="connections-tree-"))
        self.tmp.append(tree)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", str(self.git_rev)],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True, timeout=120)
        return tree


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=("govsocial", "oxigraph"), default="govsocial")
    parser.add_argument(
        "--data",
        type=Path,
        action="append",
        default=[],
        help="files or folders to serve (repeatable; default: the project's)",
    )
    parser.add_argument(
        "--govsocial-arg",
        action="append",
        default=[],
        help="extra option for `govsocial serve` (repeatable), e.g. --govsocial-arg=--threads=64",
    )
    parser.add_argument(
        "--git-rev",
        help="serve govsocial's code as committed at this "
        "revision (git archive), not the working tree",
    )
    parser.add_argument("--scenarios", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--seconds", type=float, help="attack per scenario (default 20, quick 3)")
    parser.add_argument(
        "--baseline", type=float, default=2.0, help="seconds probed before each attack (default 2)"
    )
    parser.add_argument(
        "--sources",
        type=int,
        default=40,
        help="attacker source addresses 127.0.0.2 .. (default 40)",
    )
    parser.add_argument("--one-source", action="store_true", help="every attacker on 127.0.0.2")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 3 s per scenario, a tenth of the connections",
    )
    parser.add_argument("--prober-interval", type=float, default=0.1)
    parser.add_argument("--prober-timeout", type=float, default=10.0)
    parser.add_argument("--label", default="latest", help="results file name part")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--work", type=Path, help="server logs (default <out>/work)")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (3.0 if args.quick else 20.0)
    if not 0 < args.seconds <= 600 or not 0 <= args.baseline <= 60:
        parser.error("--seconds in (0, 600], --baseline in [0, 60]")
    if not 1 <= args.sources <= 250:
        parser.error("--sources: 1 to 250 (127.0.0.2 .. 127.0.0.251)")
    if args.git_rev and args.server != "govsocial":
        parser.error("--git-rev is for --server govsocial")
    return args


def build(scenario: str, args: argparse.Namespace, endpoint: str) -> list[atk.Attack]:
    """The scenario's attacks, not yet started."""
    sources = ["127.0.0.2"] if args.one_source else atk.loopback_sources(args.sources, "127.0.0.2")
    made = []
    for kind, count in SCENARIOS[scenario]:
        count = max(1, count // 10) if args.quick else count
        if kind == "stalled":
            made.append(
                atk.HalfOpen(
                    count, sources=sources, endpoint=endpoint, path=f"{endpoint}?query={atk.HUGE}"
                )
            )
        else:
            made.append(KINDS[kind](count, sources=sources, endpoint=endpoint))
    return made


def bounds(args: argparse.Namespace) -> tuple[float, float]:
    """Expected and worst-case seconds of the whole run (server starts excluded)."""
    per = args.baseline + args.seconds + 1
    worst = per + 3 * args.prober_timeout + 5 + 6 * 10 + RECOVERY_BOUND
    return len(args.scenarios) * per, len(args.scenarios) * worst + START_BOUND + STOP_BOUND


def run(args: argparse.Namespace, server: ServerProcess) -> dict[str, Any]:
    """Every scenario in turn; results per scenario."""
    results: dict[str, Any] = {}
    for index, name in enumerate(args.scenarios):
        restarted = None
        if not server.alive():
            restarted = round(server.start(), 2)
            print(f"  server had stopped; started again in {restarted:.1f} s", flush=True)
        attacks = build(name, args, server.endpoint)
        label = ", ".join(f"{a.n} {a.kind}" for a in attacks) or "no attack"
        print(
            f"[{index + 1}/{len(args.scenarios)}] {name}: {label}, {args.seconds:g} s "
            f"after {args.baseline:g} s baseline",
            flush=True,
        )
        began = time.monotonic()
        result = atk.run_scenario(
            "127.0.0.1",
            server.port,
            attacks,
            args.seconds,
            args.prober_interval,
            server.process.pid if server.process else None,
            prober_path=f"{server.endpoint}?query={atk.ASK}",
            prober_timeout=args.prober_timeout,
            baseline=args.baseline,
        )
        result["restarted_before"] = restarted
        result["server_alive"] = server.alive()
        recovery = (
            atk.wait_answering(
                "127.0.0.1", server.port, f"{server.endpoint}?query={atk.ASK}", RECOVERY_BOUND
            )
            if server.alive()
            else None
        )
        result["recovery_s"] = None if recovery is None else round(recovery, 2)
        results[name] = result
        print("  " + line(name, result), f"({time.monotonic() - began:.0f} s)", flush=True)
    return results


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f}"


def _mib(value: int | None) -> str:
    return "-" if value is None else f"{value / 2**20:.0f}"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in counts.items()) or "-"


def refused(result: dict[str, Any]) -> str:
    """Refusals, with the 4xx/5xx statuses and connect errors seen."""
    total = sum(a["refused"] for a in result["attacks"])
    kinds: dict[str, int] = {}
    for attack in result["attacks"]:
        for code, n in attack["statuses"].items():
            if code == "0" or int(code) >= 400:
                kinds[code] = kinds.get(code, 0) + n
        for kind, n in attack["errors"].items():
            kinds[kind] = kinds.get(kind, 0) + n
    detail = _counts(dict(sorted(kinds.items(), key=lambda item: -item[1])))
    return f"{total}" + ("" if detail == "-" else f" ({detail})")


def memory(result: dict[str, Any]) -> tuple[str, dict[str, int] | None]:
    measure = result["memory"] and ("pss" if result["memory"]["pss"] else "rss")
    values = result["memory"][measure] if measure else None
    return (measure or "-"), values


def line(name: str, result: dict[str, Any]) -> str:
    p = result["prober"]
    return (
        f"{name}: probes {p['count']}, ok {p['ok']}, p50 {_ms(p['p50'])} ms, p99 "
        f"{_ms(p['p99'])} ms, failures {_counts(p['failures'])}, held "
        f"{result['held']['average']:g}"
    )


def target(results: dict[str, Any]) -> str | None:
    """Whether the combined scenario met its target, in words."""
    result = results.get("combined")
    if not result:
        return None
    p99 = result["prober"]["p99"]
    measure, values = memory(result)
    growth = values["max"] - values["first"] if values else None
    fast = p99 is not None and p99 <= TARGET_P99 and not result["prober"]["failures"]
    flat = growth is not None and growth <= TARGET_MEMORY
    return (
        f"combined target (prober p99 <= {TARGET_P99 * 1000:.0f} ms without failures; "
        f"memory max - first <= {TARGET_MEMORY >> 20} MiB): p99 {_ms(p99)} ms "
        f"{'met' if fast else 'NOT met'}; memory {measure} +{_mib(growth)} MiB "
        f"{'met' if flat else 'NOT met'}"
    )


def markdown(document: dict[str, Any]) -> str:
    """The results as a Markdown table (one row per scenario)."""
    rows = [
        f"# Connection attacks: {document['server']} ({document['label']})",
        "",
        f"{document['date']}, `{document['command']}`; {document['machine']['cores']} cores, "
        f"{document['machine']['cpu']}. Each scenario: {document['baseline']:g} s baseline, "
        f"then {document['seconds']:g} s of attack from {document['sources']} source "
        f"address(es); the prober opens a new connection from 127.0.0.1 every "
        f"{document['prober_interval']:g} s (`ASK {{}}`, timeout {document['prober_timeout']:g}"
        f" s; a failure counts as the timeout in the percentiles). Latency over the attack "
        f"window, and over its second half (the attack in place: stalled answers computed, "
        f"connections held); memory over the whole scenario, PSS of the server's process "
        f"group (RSS where PSS is unknown).",
        "",
        "| scenario | attack | probes | ok | failures | p50 ms | p99 ms | max ms "
        "| p99 ms, 2nd half | held avg | re-opened | refused (status / error) | recovery s "
        "| memory MiB first / max / last |",
        "|---|---|--:|--:|---|--:|--:|--:|--:|--:|--:|---|--:|---|",
    ]
    for name, result in document["scenarios"].items():
        p = result["prober"]
        attack = ", ".join(f"{a['n']} {a['kind']}" for a in result["attacks"]) or "-"
        _, values = memory(result)
        mem = (
            "-"
            if not values
            else f"{_mib(values['first'])} / {_mib(values['max'])} / {_mib(values['last'])}"
        )
        recovery = "-" if result["recovery_s"] is None else f"{result['recovery_s']:.1f}"
        if not result["server_alive"]:
            recovery = "server died"
        rows.append(
            f"| {name} | {attack} | {p['count']} | {p['ok']} | {_counts(p['failures'])} "
            f"| {_ms(p['p50'])} | {_ms(p['p99'])} | {_ms(p['max'])} "
            f"| {_ms(result['prober_settled']['p99'])} | {result['held']['average']:g} "
            f"| {sum(a['reopened'] for a in result['attacks'])} | {refused(result)} "
            f"| {recovery} | {mem} |"
        )
    verdict = target(document["scenarios"])
    if verdict:
        rows += ["", verdict[0].upper() + verdict[1:] + "."]
    rows += [
        "",
        f"Total {document['wall_s']:.0f} s; server started {document['server_starts']}"
        f" time(s), first in {document['start_s']:.1f} s.",
    ]
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.work or args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    connections = max(sum(n for _, n in SCENARIOS[name]) for name in args.scenarios)
    atk.ensure_file_limit(connections)  # before the server starts: it inherits the limit
    expected, worst = bounds(args)
    print(
        f"{len(args.scenarios)} scenarios against {args.server}: about {expected / 60:.1f} "
        f"min plus the server's start; at most {worst / 60:.0f} min",
        flush=True,
    )

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, terminate)
    server = ServerProcess(
        args.server, work, [p.resolve() for p in args.data], list(args.govsocial_arg), args.git_rev
    )
    began = time.monotonic()
    try:
        start_s = server.start()
        print(
            f"{args.server} ready on 127.0.0.1:{server.port} in {start_s:.1f} s "
            f"(log: {server.log})",
            flush=True,
        )
        scenarios = run(args, server)
    finally:
        server.stop()
        server.cleanup()
    document: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python bench/connections.py "
        + " ".join(sys.argv[1:] if argv is None else argv),
        "label": args.label,
        "server": args.server,
        "git_rev": args.git_rev,
        "machine": report.machine(oxigraph_binary() if args.server == "oxigraph" else None),
        "seconds": args.seconds,
        "baseline": args.baseline,
        "quick": args.quick,
        "sources": 1 if args.one_source else args.sources,
        "prober_interval": args.prober_interval,
        "prober_timeout": args.prober_timeout,
        "start_s": round(start_s, 2),
        "server_starts": server.starts,
        "wall_s": round(time.monotonic() - began, 1),
        "scenarios": scenarios,
    }
    document["target"] = target(scenarios)
    (args.out / f"connections-{args.label}.json").write_text(
        json.dumps(document, indent=2) + "\n", encoding="utf-8"
    )
    table = markdown(document)
    (args.out / f"connections-{args.label}.md").write_text(table, encoding="utf-8")
    print()
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
