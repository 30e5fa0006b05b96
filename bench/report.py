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
        run = subprocess.run(
            [oxigraph, "--version"], capture_output=True, text=True, check=False, timeout=30
        )
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
        lines += [
            f"## {size['triples']:,} triples",
            "",
            "| query | rows | " + " | ".join(servers) + " | ratio |",
            "|---|---:|" + "---:|" * len(servers) + "---:|",
        ]
        for query in size["queries"]:
            cells, medians = [], []
            for server in servers:
                timing = run[server]["latency"][query]
                medians.append(timing["median_ms"])
                cells.append(
                    f"{_ms(timing['median_ms'])} / {_ms(timing['p95_ms'])}"
                    + (f" ({timing['errors']} errors)" if timing["errors"] else "")
                )
            rows = run[servers[0]]["latency"][query]["rows"]
            ratio = f"{medians[0] / medians[1]:.2f}" if len(medians) == 2 and all(medians) else "–"
            lines.append(f"| {query} | {rows} | " + " | ".join(cells) + f" | {ratio} |")
        lines += ["", "| measure | " + " | ".join(servers) + " |", "|---|" + "---:|" * len(servers)]
        for level in results["concurrency"]:
            lines.append(
                f"| throughput c={level} (queries/s) | "
                + " | ".join(
                    str(run[s]["throughput"].get(str(level), {}).get("qps", "–")) for s in servers
                )
                + " |"
            )
        lines.append(
            "| load (s) | " + " | ".join(f"{run[s]['load_s']:.2f}" for s in servers) + " |"
        )
        lines.append(
            "| restart (s) | "
            + " | ".join(
                f"{run[s]['restart_s']:.2f}" if run[s].get("restart_s") is not None else "–"
                for s in servers
            )
            + " |"
        )
        lines.append(
            "| peak RSS of process tree (MiB) | "
            + " | ".join(_mib(run[s]["peak_rss"]) for s in servers)
            + " |"
        )
        for server in servers:
            pages = run[server].get("pages")
            if not pages:
                continue
            lines += [
                "",
                f"Linked-data pages ({server}; Oxigraph serves none), ms "
                "median / p95 and the page's bytes:",
                "",
                "| page | bytes | median / p95 |",
                "|---|---:|---:|",
            ]
            for name, timing in pages.items():
                lines.append(
                    f"| {name} | {timing['rows']} | {_ms(timing['median_ms'])} / "
                    f"{_ms(timing['p95_ms'])}"
                    + (f" ({timing['errors']} errors)" if timing["errors"] else "")
                    + " |"
                )
        validation = size.get("validate")
        if validation:
            lines += [
                "",
                f"`govsocial validate`: {validation['seconds']:.1f} s, peak RSS "
                f"{_mib(validation['peak_rss'])} MiB, exit status {validation['exit']}.",
            ]
        lines.append("")
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> bool:
    """Plot median latency against size: one small panel per query, one line per server.

    Return False (and write nothing) when matplotlib, of the `bench` extra, is not installed.
    """
    try:
        import matplotlib
    except ImportError:
        return False

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    sizes = [s["triples"] for s in results["sizes"]]
    queries = results["sizes"][0]["queries"] if results["sizes"] else []
    columns = 5
    rows = max(1, -(-len(queries) // columns))
    figure, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 2.6 * rows), squeeze=False)
    styles = dict(zip(results["servers"], (("-", "tab:blue"), ("--", "tab:orange")), strict=False))
    for index, axis in enumerate(axes.flat):
        if index >= len(queries):
            axis.set_visible(False)
            continue
        query = queries[index]
        for server in results["servers"]:
            medians = [
                s["servers"][server]["latency"][query]["median_ms"] for s in results["sizes"]
            ]
            line, colour = styles.get(server, (":", "grey"))
            axis.plot(sizes, medians, line, color=colour, marker="o", markersize=3, label=server)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
        # label the minor ticks too: one panel often spans less than a decade
        axis.yaxis.set_minor_formatter(
            ticker.LogFormatter(labelOnlyBase=False, minor_thresholds=(2, 1))
        )
        axis.set_title(query, fontsize=8)
        axis.tick_params(which="both", labelsize=6)
        axis.grid(True, which="both", alpha=0.3)
        if index % columns == 0:
            axis.set_ylabel("median ms", fontsize=7)
        if index // columns == rows - 1:
            axis.set_xlabel("triples", fontsize=7)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper right", fontsize=8)
    figure.suptitle(
        f"Median latency against size ({results['date']}, {results['machine']['cores']} cores)",
        fontsize=10,
    )
    figure.tight_layout(rect=(0, 0, 1, 0.97))
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True
