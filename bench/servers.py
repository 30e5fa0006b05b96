"""Start, load, probe and stop the two SPARQL servers under test, and measure their memory.

Both run as real processes on loopback: `govsocial serve --data FILE --data ontology/` and
Oxigraph's in-memory server (`oxigraph serve` without --location), loaded by POSTing the same
files to its Graph Store endpoint (/store?default). Memory is the RSS summed over the process
tree (psutil; shared copy-on-write pages are counted once per process, so it over-counts a
forking server such as govsocial's query workers).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from client import Client

READY_TIMEOUT = 600.0


def free_port() -> int:
    """Return a loopback port that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_rss(pid: int) -> int:
    """Return the RSS in bytes of a process and all its descendants (0 if it is gone)."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total


class PeakMemory:
    """Sample the RSS of a process tree in the background and keep the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss(self.pid))


def oxigraph_binary() -> str | None:
    """Return the `oxigraph` executable (PyPI package `oxigraph`): beside Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


@dataclass
class Server:
    """One server under test: how to start it, where it answers, and what it cost to start."""

    name: str
    files: list[Path]
    log_dir: Path
    extra_args: list[str] = field(default_factory=list)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    peak_rss: int = 0

    @property
    def query_url(self) -> str:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def load(self) -> None:
        """Put the data in (after the process answers); nothing for a server that reads files."""

    def start(self) -> float:
        """Start the process, wait until it answers with the data loaded; return the seconds."""
        self.port = self.port or free_port()
        log = (self.log_dir / f"{self.name}.log").open("ab")
        began = time.perf_counter()
        self.process = subprocess.Popen(
            self.command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        with PeakMemory(self.process.pid) as memory:
            self._wait_ready()
            self.load()
        self.peak_rss = max(self.peak_rss, memory.peak)
        return time.perf_counter() - began

    def _wait_ready(self) -> None:
        client = Client(self.query_url)
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.process.returncode}; see "
                    f"{self.log_dir / (self.name + '.log')}"
                )
            try:
                if client.query("ASK {}", "application/sparql-results+json")[0] == 200:
                    return
            except OSError:
                pass
            finally:
                client.close()
            time.sleep(0.05)
        raise TimeoutError(f"{self.name} did not answer within {READY_TIMEOUT} s")

    def stop(self) -> None:
        """Stop the whole process group (gunicorn workers, query workers) and wait for it."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def restart(self) -> float:
        """Stop and start again on the same port; return the seconds until it answers again."""
        self.stop()
        return self.start()

    def rss(self) -> int:
        return tree_rss(self.process.pid) if self.process is not None else 0


class GovSocial(Server):
    """`govsocial serve` reading the data file and the ontology."""

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def command(self) -> list[str]:
        data = [arg for path in self.files for arg in ("--data", str(path))]
        return [
            sys.executable,
            "-m",
            "govsocial",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--max-rows",
            "1000000",
            # Oxigraph's server has no query timeout by default: give govsocial room too
            "--timeout",
            "600",
            *data,
            *self.extra_args,
        ]


class Oxigraph(Server):
    """Oxigraph's in-memory HTTP server, loaded through its Graph Store endpoint."""

    binary: str = "oxigraph"

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def command(self) -> list[str]:
        return [self.binary, "serve", "--bind", f"127.0.0.1:{self.port}", *self.extra_args]

    def load(self) -> None:
        for path in self.files:
            for file in sorted(path.rglob("*.ttl")) if path.is_dir() else [path]:
                media = "application/n-triples" if file.suffix == ".nt" else "text/turtle"
                url = f"http://127.0.0.1:{self.port}/store?default"
                status = Client(url).post_file(urllib.parse.urlsplit(url), file, media)
                if status not in (200, 201, 204):
                    raise RuntimeError(f"oxigraph refused {file}: HTTP {status}")
