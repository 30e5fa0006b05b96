"""The three parts depend one way (docs/ARCHITECTURE.md): the endpoint on nothing of ours, the
graph's tools on the endpoint's store and file reader, the site on both; the app factory and
the commands compose them. An import the wrong way fails here, named by file and line."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "govsocial"
PARTS = ("endpoint", "graph", "site")
# what each part may import of the package (module name prefixes); the composition (app.py,
# cli.py, config.py, the commands) may import anything and nothing imports it
ALLOWED = {
    "endpoint": ("govsocial.endpoint",),
    # the store and the file reader, not the web process (endpoint.serving, store.extension)
    "graph": ("govsocial.graph", "govsocial.endpoint.rdf_input", "govsocial.endpoint.store"),
    # the site reads the graph through the store's interface, never by its own path, and
    # offers the endpoint's formats (its registry)
    "site": (
        "govsocial.site",
        "govsocial.graph",
        "govsocial.endpoint.store",
        "govsocial.endpoint.formats",
    ),
}


def _all_imports(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, module) of every import in a file (late ones in functions too), relative
    imports resolved."""
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    found = []
    text = path.read_text() if source is None else source
    for node in ast.walk(ast.parse(text, str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join((*package[: len(package) - node.level + 1], *filter(None, [base])))
            # `from govsocial.x import y` may name a module y: check the fullest name
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _imports(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, module) of every import of the package in a file, relative imports resolved."""
    return [(line, name) for line, name in _all_imports(path, source) if _top(name) == "govsocial"]


def _top(module: str) -> str:
    return module.split(".")[0]


# the graph's modules of rdflib terms (its Namespaces, the bridge to pyoxigraph's terms): the
# site names terms by plain strings (govsocial.graph.prefixes) and pyoxigraph's terms
RDFLIB_TERMS = ("govsocial.graph.namespaces", "govsocial.graph.term_bridge")
FORBIDDEN = {"graph": ("govsocial.endpoint.store.extension",), "site": RDFLIB_TERMS}


def _allowed(part: str, module: str) -> bool:
    def under(prefixes: tuple[str, ...]) -> bool:
        return any(module == p or module.startswith(p + ".") for p in prefixes)

    return under(ALLOWED[part]) and not under(FORBIDDEN.get(part, ()))


@pytest.mark.parametrize("part", PARTS)
def test_each_part_imports_only_what_it_may(part: str) -> None:
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {module}"
        for path in sorted((PACKAGE / part).rglob("*.py"))
        for line, module in _imports(path)
        if not _allowed(part, module)
    ]
    assert wrong == []


def test_the_layer_check_sees_a_wrong_way_import() -> None:
    # the check itself: relative and absolute imports the wrong way are found and refused
    source = "from ...site import views\nimport govsocial.graph.namespaces\nfrom . import errors\n"
    found = _imports(PACKAGE / "endpoint" / "store" / "new.py", source)
    assert found == [
        (1, "govsocial.site.views"),
        (2, "govsocial.graph.namespaces"),
        (3, "govsocial.endpoint.store.errors"),
    ]
    assert [_allowed("endpoint", module) for _, module in found] == [False, False, True]
    assert not _allowed("graph", "govsocial.endpoint.store.extension.get_store")
    assert not _allowed("site", "govsocial.endpoint.serving.answer.run")
    assert _allowed("site", "govsocial.endpoint.store.extension.get_store")


# One term model per part (issue "One house, three wings"): pyoxigraph's in the endpoint and the
# site, rdflib in the graph's tools (pySHACL, the files). pyLODE documents an rdflib graph: the
# ontology page's module alone may build one.
RDFLIB_ALLOWED = {"endpoint": (), "site": ("site/linkeddata/ontology_docs.py",)}


def _rdflib_imports(part: str) -> list[str]:
    """The imports of rdflib in a part's modules, but for those allowed one."""
    return [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {module}"
        for path in sorted((PACKAGE / part).rglob("*.py"))
        if path.relative_to(PACKAGE).as_posix() not in RDFLIB_ALLOWED[part]
        for line, module in _all_imports(path)
        if _top(module) == "rdflib"
    ]


@pytest.mark.parametrize("part", sorted(RDFLIB_ALLOWED))
def test_the_endpoint_and_the_site_speak_pyoxigraph_terms(part: str) -> None:
    assert _rdflib_imports(part) == []
    for allowed in RDFLIB_ALLOWED[part]:
        assert (PACKAGE / allowed).is_file(), f"{allowed} is gone: drop it from RDFLIB_ALLOWED"


def test_the_term_check_sees_rdflib_however_imported() -> None:
    source = (
        "import rdflib\nimport rdflib.namespace as ns\nfrom rdflib.term import Node\n"
        "def late():\n    from rdflib import Graph\n"
        "import pyoxigraph\nfrom . import rdflib_free\n"
    )
    found = _all_imports(PACKAGE / "site" / "linkeddata" / "new.py", source)
    assert [(line, name) for line, name in found if _top(name) == "rdflib"] == [
        (1, "rdflib"),
        (2, "rdflib.namespace"),
        (3, "rdflib.term.Node"),
        (5, "rdflib.Graph"),
    ]
    assert not _allowed("site", "govsocial.graph.namespaces.PREFIXES")
    assert _allowed("site", "govsocial.graph.prefixes.PREFIXES")


def test_the_plain_prefixes_are_rdflibs_namespaces() -> None:
    # the site's table of IRI strings and the graph tools' rdflib Namespaces name the same IRIs
    from rdflib import Namespace

    from govsocial.graph import namespaces, prefixes

    assert namespaces.PREFIXES is prefixes.PREFIXES
    for name in ("GSO", "ID", "VOCAB", "ORG", "CV", "SIOC", "SCHEMA", "TIME", "SD", "WD"):
        assert getattr(namespaces, name) == Namespace(getattr(prefixes, name))
    for name in ("DCTERMS", "FOAF", "OWL", "PROV", "RDF", "RDFS", "SH", "SKOS", "VANN", "VOID"):
        assert str(getattr(namespaces, name)) == getattr(prefixes, name), name
    assert str(namespaces.XSD) == prefixes.XSD


def test_the_graph_tools_load_no_web_framework() -> None:
    modules = sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in (PACKAGE / "graph").rglob("*.py")
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'werkzeug', 'gunicorn'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_app_loads_no_shacl_engine_until_a_store_is_rebuilt() -> None:
    # every process of the server (master, zygote, query workers) would carry it
    script = (
        "import sys\nimport govsocial.app\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyshacl', 'owlrl'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"
