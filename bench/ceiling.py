"""The ceiling of a Python WSGI server here: pyoxigraph answering in the HTTP worker itself.

This is NOT a server to run: it evaluates every query in the web process, with no time limit,
no memory cap, no query checks and no error handling, which is exactly what govsocial may not do
(pyoxigraph cannot cancel a query; see server/govsocial/endpoint/store/pool.py). It shows what the
issue's point-query and 10^4 throughput targets would cost if that safety were dropped, so that
the gap between it and `govsocial serve` is the price of the safety, measured.

    .venv/bin/python bench/ceiling.py --size 1e5     # data made by bench/run.py beforehand

It serves the data under gunicorn (`gthread`, 2 processes of 4 threads: both cores) or, with
`--front granian`, under granian (a Rust HTTP server; `pip install granian`), runs the bench's
query mix interleaved with `oxigraph serve` (medians over --repetitions) and the
point-query mix at concurrency 8 against each, and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA_ENV = "GOVSOCIAL_CEILING_DATA"

if os.environ.get(DATA_ENV):  # imported by gunicorn: load the store once, before the fork
    import pyoxigraph as ox

    STORE = ox.Store()
    for _file in os.environ[DATA_ENV].split(os.pathsep):
        _format = ox.RdfFormat.N_TRIPLES if _file.endswith(".nt") else ox.RdfFormat.TURTLE
        STORE.bulk_load(path=_file, format=_format)

    def app(environ: dict, start_response: object) -> list[bytes]:
        """The least a SPARQL endpoint can do: read the query, evaluate, serialize natively."""
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        if environ.get("CONTENT_TYPE", "").startswith("application/sparql-query"):
            query = body.decode()
        else:
            form = body.decode() or environ.get("QUERY_STRING", "")
            query = urllib.parse.parse_qs(form)["query"][0]
        result = STORE.query(query)
        if isinstance(result, ox.QueryTriples):
            payload = result.serialize(format=ox.RdfFormat.N_TRIPLES)
            media = "application/n-triples"
        else:
            payload = result.serialize(format=ox.QueryResultsFormat.JSON)
            media = "application/sparql-results+json"
        start_response("200 OK", [("Content-Type", media), ("Content-Length", str(len(payload)))])
        return [payload]


def main() -> int:
    sys.path.insert(0, str(HERE))
    import servers as srv
    import workload
    from run import size

    from govsocial.graph.paths import ontology_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=size, default=100_000)
    parser.add_argument("--work", type=Path, default=HERE / "results" / "work")
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--throughput-seconds", type=float, default=5.0)
    parser.add_argument(
        "--front",
        choices=("gunicorn", "granian"),
        default="gunicorn",
        help="the HTTP server in front of the app (granian: a Rust one)",
    )
    args = parser.parse_args()
    data = args.work / f"syn-{args.size}-seed1.nt"
    if not data.exists():
        parser.error(f"{data} is missing: run bench/run.py --sizes {args.size} first")
    files = [str(data), *map(str, sorted(ontology_dir().glob("*.ttl")))]

    class Ceiling(srv.Server):
        @property
        def query_url(self) -> str:
            return f"http://127.0.0.1:{self.port}/sparql"

        def command(self) -> list[str]:
            os.environ[DATA_ENV] = os.pathsep.join(files)
            if args.front == "granian":
                return [
                    sys.executable,
                    "-m",
                    "granian",
                    "--interface",
                    "wsgi",
                    "--workers",
                    "2",
                    "--blocking-threads",
                    "4",
                    "--working-dir",
                    str(HERE),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--no-access-log",
                    "ceiling:app",
                ]
            return [
                sys.executable,
                "-m",
                "gunicorn",
                "-k",
                "gthread",
                "-w",
                "2",
                "--threads",
                "4",
                "--preload",
                "--chdir",
                str(HERE),
                "-b",
                f"127.0.0.1:{self.port}",
                "ceiling:app",
            ]

    oxigraph = srv.Oxigraph("oxigraph", [data, ontology_dir()], args.work)
    oxigraph.binary = srv.oxigraph_binary()
    ceiling = Ceiling("ceiling", [], args.work)
    queries = workload.load_queries(HERE / "queries")
    ceiling.start()
    oxigraph.start()
    try:
        pools = workload.draw_pools(oxigraph.query_url)
        timings = workload.latencies(
            [("ceiling", ceiling.query_url), ("oxigraph", oxigraph.query_url)],
            queries,
            pools,
            args.repetitions,
            seed=1,
        )
        rates = {
            name: workload.throughput(url, queries, pools, 8, 10**9, args.throughput_seconds, 1)
            for name, url in (("ceiling", ceiling.query_url), ("oxigraph", oxigraph.query_url))
        }
    finally:
        ceiling.stop()
        oxigraph.stop()
    print(f"## In-process ceiling at {args.size:,} triples ({args.front})\n")
    print("| query | ceiling (ms) | oxigraph (ms) | difference | ratio |")
    print("|---|---:|---:|---:|---:|")
    for query in queries:
        mine = statistics.median(timings["ceiling"][query.name].seconds) * 1000
        theirs = statistics.median(timings["oxigraph"][query.name].seconds) * 1000
        print(
            f"| {query.name} | {mine:.2f} | {theirs:.2f} | {mine - theirs:+.2f} | "
            f"{mine / theirs:.2f} |"
        )
    ratio = rates["ceiling"]["qps"] / rates["oxigraph"]["qps"]
    print(
        f"\nThroughput at c=8: {rates['ceiling']['qps']} against {rates['oxigraph']['qps']} "
        f"queries/s ({ratio:.2f}x)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
