"""Describe the machine and write the results: JSON, a Markdown table and a latency plot."""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine(oxigraph: str | None) -> dict[str, Any]:
    """Return CPU model, cores, memory and the versions of everything measured."""
    cpu = platform.processor() or ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    oxigraph_version = None
    if oxigraph:
        run = subprocess.run([oxigraph, "--version"], capture_output=True, text=True,
                             check=False, timeout=30)
        oxigraph_version = run.stdout.strip() or None
    return {
        "hostname": socket.gethostname(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "govsocial_kg": _version("govsocial-kg"),
        "pyoxigraph": _version("pyoxigraph"),
        "oxigraph": oxigraph_version,
        "rdflib": _version("rdflib"),
        "pyshacl": _version("pyshacl"),
    }


def write_json(path: Path, results: dict[str, Any]) -> None:
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _mib(value: int | None) -> str:
    return "–" if not value else f"{value / 2**20:.0f}"


def markdown(results: dict[str, Any]) -> str:
    """Return the results as Markdown: latency per query and size, then the other measures."""
    m = results["machine"]
    lines = [
        f"# Benchmark: govsocial vs Oxigraph server ({results['date']})",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}; Python "
        f"{m['python']}, pyoxigraph {m['pyoxigraph']}, {m['oxigraph'] or 'oxigraph: not run'}.",
        f"Command: `{results['command']}`",
        "",
        "Latency in ms (median / p95) over "
        f"{results['repetitions']} repetitions; ratio = govsocial median / Oxigraph median.",
        "",
    ]
    servers = results["servers"]
    for size in results["sizes"]:
        run = size["servers"]
        lines += [f"## {size['triples']:,} triples", "",
                  "| query | rows | " + " | ".join(servers) + " | ratio |",
                  "|---|---:|" + "---:|" * len(servers) + "---:|"]
        for query in size["queries"]:
            cells, medians = [], []
            for server in servers:
                timing = run[server]["latency"][query]
                medians.append(timing["median_ms"])
                cells.append(f"{_ms(timing['median_ms'])} / {_ms(timing['p95_ms'])}"
                             + (f" ({timing['errors']} errors)" if timing["errors"] else ""))
            rows = run[servers[0]]["latency"][query]["rows"]
            ratio = (f"{medians[0] / medians[1]:.2f}" if len(medians) == 2 and all(medians)
                     else "–")
            lines.append(f"| {query} | {rows} | " + " | ".join(cells) + f" | {ratio} |")
        lines += ["", "| measure | " + " | ".join(servers) + " |",
                  "|---|" + "---:|" * len(servers)]
        for level in results["concurrency"]:
            lines.append(f"| throughput c={level} (queries/s) | " + " | ".join(
                str(run[s]["throughput"].get(str(level), {}).get("qps", "–")) for s in servers)
                + " |")
        lines.append("| load (s) | " + " | ".join(f"{run[s]['load_s']:.2f}" for s in servers)
                     + " |")
        lines.append("| restart (s) | " + " | ".join(
            f"{run[s]['restart_s']:.2f}" if run[s].get("restart_s") is not None else "–"
            for s in servers) + " |")
        lines.append("| peak RSS of process tree (MiB) | " + " | ".join(
            _mib(run[s]["peak_rss"]) for s in servers) + " |")
        validation = size.get("validate")
        if validation:
            lines += ["", f"`govsocial validate`: {validation['seconds']:.1f} s, peak RSS "
                      f"{_mib(validation['peak_rss'])} MiB, exit status {validation['exit']}."]
        lines.append("")
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    """Plot median latency against size, one line per query and server (log-log)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [s["triples"] for s in results["sizes"]]
    queries = results["sizes"][0]["queries"] if results["sizes"] else []
    figure, axis = plt.subplots(figsize=(11, 7))
    colours = plt.get_cmap("tab20")
    styles = {name: style for name, style in zip(results["servers"], ("-", "--"), strict=False)}
    for index, query in enumerate(queries):
        for server in results["servers"]:
            medians = [s["servers"][server]["latency"][query]["median_ms"]
                       for s in results["sizes"]]
            axis.plot(sizes, medians, styles.get(server, ":"), marker="o", markersize=3,
                      color=colours(index % 20),
                      label=f"{query} ({server})")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("triples")
    axis.set_ylabel("median latency (ms)")
    axis.set_title("govsocial (solid) vs Oxigraph server (dashed): median latency per query")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=6, ncol=2, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
