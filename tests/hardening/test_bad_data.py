"""Broken data files, for `govsocial validate` and `govsocial serve --data`: a clear error that
names the file (and the line where there is one), exit status 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from govsocial.endpoint.rdf_input import check_encoding
from govsocial.graph.validation.command import validate

XSD = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
S_P = "<http://example.org/a> <http://example.org/p>"
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ).replace("&lol0;", "&lol;")
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="http://example.org/a"><rdf:value>&lol9;</rdf:value>'
    "</rdf:Description></rdf:RDF>\n"
)

# file name -> (content, words the message must contain, line it must name or None)
BAD_FILES: dict[str, tuple[bytes, tuple[str, ...], int | None]] = {
    "syntax.ttl": (
        b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\nex:d ex:e .\n",
        ("dot",),
        3,
    ),
    "unterminated.ttl": (
        b'@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n',
        ("end of file",),
        2,
    ),
    "unknown-prefix.ttl": (b"ex:a ex:b ex:c .\n", ("prefix", "ex:"), 1),
    "truncated.nt": (f'{S_P} "x" .\n{S_P} "y" '.encode(), ("dot",), 2),
    "iri-with-space.nt": (b'<http://example.org/a b> <http://example.org/p> "x" .\n', ("IRI",), 1),
    "iri-with-space.ttl": (
        b"\n\n<http://example.org/a> <http://example.org/p> <http://a b/> .",
        ("IRI",),
        3,
    ),
    "relative-iri.nt": (b'<relative> <http://example.org/p> "x" .\n', ("IRI",), 1),
    "ill-typed-integer.ttl": (
        f'{XSD}\n{S_P} "abc"^^xsd:integer .\n'.encode(),
        ("ill-typed", "abc", "xsd:integer"),
        3,
    ),
    "ill-typed-date.ttl": (
        f'{XSD}{S_P} "2023-02-29"^^xsd:date .\n'.encode(),
        ("ill-typed", "xsd:date"),
        2,
    ),
    "out-of-range.nt": (
        f'{S_P} "-1"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .\n'.encode(),
        ("ill-typed", "range"),
        1,
    ),
    "bad-language-tag.nt": (f'{S_P} "x"@not_a_tag .\n'.encode(), ("character",), 1),
    "latin-1.nt": (f'{S_P} "ok" .\n{S_P} "Größe" .\n'.encode("latin-1"), ("UTF-8",), 2),
    "utf-16.ttl": (f'{S_P} "x" .\n'.encode("utf-16"), ("UTF-16", "UTF-8"), 1),
    "utf-8-bom.nt": (f'\ufeff{S_P} "x" .\n'.encode(), ("byte-order mark",), 1),
    "nul-byte.nt": (f'{S_P} "x" .\n{S_P} "a\x00b" .\n'.encode(), ("NUL",), 2),
    "utf-16-no-bom.nt": (f'{S_P} "x" .\n'.encode("utf-16-le"), ("NUL",), 1),
    "bomb.rdf": (BOMB.encode(), ("RDF/XML is not accepted",), None),
    "bomb.owl": (BOMB.encode(), ("RDF/XML is not accepted",), None),
    "bomb.xml": (BOMB.encode(), ("RDF/XML is not accepted",), None),
    "graph-in-turtle.ttl": (
        b"<http://example.org/g> { <http://e/a> <http://e/b> <http://e/c> }",
        (),
        1,
    ),
}
# accepted on purpose: valid RDF, however odd
ACCEPTED = {
    "empty.ttl": b"",
    "only-comments.ttl": b"# nothing here\n",
    "crlf.nt": f'{S_P} "x" .\r\n'.encode(),
}


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def check_message(output: str, path: Path, words: tuple[str, ...], line: int | None) -> None:
    assert "Traceback" not in output, output
    assert f"error: {path}" in output, output
    for word in words:
        assert word.lower() in output.lower(), (word, output)
    if line is not None:
        assert f"{path}: line {line}" in output, output


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_validate_refuses_with_file_and_line(tmp_path: Path, name: str) -> None:
    content, words, line = BAD_FILES[name]
    path = write(tmp_path, name, content)
    result = CliRunner().invoke(validate, [str(path)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    check_message(result.output, path, words, line)


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_validate_accepts_odd_but_valid_files(tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(validate, [str(write(tmp_path, name, ACCEPTED[name]))])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_refuses_unreadable_inputs(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)  # reading it would block forever
    broken = tmp_path / "broken.ttl"
    broken.symlink_to(tmp_path / "nowhere.ttl")
    cases = {
        fifo: "not a regular file",
        broken: "no such file",
        tmp_path / "gone.nt": "no such file",
    }
    if os.geteuid() != 0:  # root reads anything: the permission case needs another user
        locked = write(tmp_path, "locked.nt", b"")
        locked.chmod(0)
        cases[locked] = "cannot be read"
    for path, words in cases.items():
        result = CliRunner().invoke(validate, [str(path)])
        assert result.exit_code == 2, (path, result.output)
        check_message(result.output, path, (words,), None)


def test_validate_refuses_a_folder_with_unreadable_files(tmp_path: Path) -> None:
    write(tmp_path, "good.nt", f'{S_P} "x" .\n'.encode())
    (tmp_path / "broken.ttl").symlink_to(tmp_path / "nowhere.ttl")
    write(tmp_path, "ontology.owl", BOMB.encode())
    result = CliRunner().invoke(validate, [str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "broken.ttl" in result.output or "ontology.owl" in result.output


# -- serve --data: the same files through the serve command (gunicorn left out) ------------------

SERVE_PROBE = """
import json, sys
from click.testing import CliRunner
import govsocial.endpoint.serving.launcher as launcher

def run(app, options, limits):  # loaded: stop here instead of starting gunicorn
    app.extensions["govsocial.endpoint.store"].close()

launcher.run = run
from govsocial.serve_command import serve
results = {}
for path in sys.argv[1:]:
    result = CliRunner().invoke(serve, ["--data", path])
    results[path] = {"exit": result.exit_code, "output": result.output}
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every bad file through `serve --data`, in one process (one import, not twenty)."""
    folder = tmp_path_factory.mktemp("bad-serve")
    paths = [str(write(folder, name, content)) for name, (content, _, _) in BAD_FILES.items()]
    done = subprocess.run(
        [sys.executable, "-c", SERVE_PROBE, *paths], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {Path(p).name: {**r, "path": Path(p)} for p, r in json.loads(done.stdout).items()}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_serve_refuses_with_file_and_line(served: dict[str, dict], name: str) -> None:
    _, words, line = BAD_FILES[name]
    result = served[name]
    assert result["exit"] == 2, result["output"]
    check_message(result["output"], result["path"], words, line)


# -- a huge file: bounded memory, the error still names the line (time: bench/huge_file.py) ------

HUGE_BYTES = 200 * 2**20
PEAK_PROBE = """
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(done.returncode, round(time.monotonic() - started, 1), peak)
sys.stderr.write(done.stderr[-3000:])
"""


@pytest.fixture(scope="module")
def huge_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """200 MiB of N-Triples (1.36 million) whose very last line is broken."""
    path = tmp_path_factory.mktemp("huge") / "huge.nt"
    line = (
        "<https://example.org/r/{i}> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"label number {i} with some padding text to make the lines longer"@en .\n'
    )
    written, lines = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < HUGE_BYTES:
            block = "".join(line.format(i=lines + k) for k in range(50_000))
            out.write(block)
            written += len(block)
            lines += 50_000
        out.write('<https://example.org/broken> <http://example.org/p> "unterminated .\n')
    return path, lines + 1


def measure(*command: str) -> tuple[int, float, int, str]:
    """Run a command; return its exit status, seconds, peak RSS (bytes) and stderr."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK_PROBE, *command], capture_output=True, text=True, timeout=600
    )
    code, seconds, peak = done.stdout.split()
    return int(code), float(seconds), int(peak), done.stderr


@pytest.mark.slow
def test_huge_broken_file(huge_file: tuple[Path, int]) -> None:
    path, last_line = huge_file
    size = path.stat().st_size
    code, seconds, peak, stderr = measure(sys.executable, "-m", "govsocial", "validate", str(path))
    check_message(stderr, path, ("end of file",), last_line)
    assert code == 2
    port = str(20000 + os.getpid() % 20000)
    code, serve_seconds, serve_peak, stderr = measure(
        sys.executable, "-m", "govsocial", "serve", "--port", port, "--data", str(path)
    )
    check_message(stderr, path, ("end of file",), last_line)
    assert code == 2
    print(
        f"\nhuge file {size >> 20} MiB, {last_line} lines: validate {seconds} s, peak "
        f"{peak >> 20} MiB; serve {serve_seconds} s, peak {serve_peak >> 20} MiB"
    )
    # one in-memory copy of the graph at most: the store (about 6x the N-Triples with its
    # indexes; validate fills one while it checks), never a second graph (rdflib) beside it
    assert serve_peak < 8 * size
    assert peak < 8 * size


@pytest.mark.slow
def test_encoding_check_does_not_copy_the_file(huge_file: tuple[Path, int]) -> None:
    """rdfio checks UTF-8 in 1 MiB chunks: no second full copy (a str) of a huge file."""
    path, _ = huge_file
    data = path.read_bytes()
    tracemalloc.start()
    try:
        check_encoding(path, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, f"{peak >> 20} MiB allocated to check {len(data) >> 20} MiB"
