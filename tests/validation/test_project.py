"""Where `govsocial validate` finds the project: a checkout, or the copy pip installs with it."""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath

import pytest

from govsocial.endpoint.rdf_input import rdf_files
from govsocial.graph.validation import project as project_module
from govsocial.graph.validation.project import Project, find_project, installed_copy


def test_the_package_installs_every_rdf_file_the_validation_reads(project_root: Path) -> None:
    # pyproject's data-files maps folders one by one: a new folder must get its entry
    config = tomllib.loads((project_root / "pyproject.toml").read_text())
    data_files = config["tool"]["setuptools"]["data-files"]
    installed = {
        str(PurePosixPath(target, file.name))
        for target, patterns in data_files.items()
        for pattern in patterns
        for file in project_root.glob(pattern)
    }
    wanted = {
        str(PurePosixPath("share/govsocial-kg", file.relative_to(project_root).as_posix()))
        for folder in ("ontology", "shapes", "data")
        for file in rdf_files(project_root / folder)
    }
    assert wanted - installed == set()


def _fake_project(root: Path) -> Path:
    (root / "ontology").mkdir(parents=True)
    (root / "ontology" / "govsocial.ttl").write_text("")
    (root / "shapes").mkdir()
    (root / "data" / "registry").mkdir(parents=True)
    (root / "data" / "registry" / "people.ttl").write_text("")
    (root / "data" / "registry" / "channels.ttl").write_text("")
    return root


def test_an_explicit_folder_wins(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GOVSOCIAL_HOME", str(tmp_path / "elsewhere"))
    assert find_project(tmp_path).root == tmp_path.resolve()


def test_the_working_directory_when_it_is_a_checkout(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GOVSOCIAL_HOME", raising=False)
    monkeypatch.chdir(_fake_project(tmp_path / "fork"))
    assert find_project().root == (tmp_path / "fork").resolve()


def test_a_folder_with_its_own_ontology_is_not_the_project(
    tmp_path, monkeypatch, project_root
) -> None:
    # a contributor's repository may have ontology/ and data/ folders of its own
    (tmp_path / "ontology").mkdir()
    (tmp_path / "data").mkdir()
    monkeypatch.delenv("GOVSOCIAL_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert find_project().root == project_root  # this checkout (an editable install)


class _Distribution:
    """What importlib.metadata lists for a wheel install: files relative to site-packages."""

    def __init__(self, site_packages: Path) -> None:
        self.site_packages = site_packages
        self.files = [
            PurePosixPath("govsocial/__init__.py"),
            PurePosixPath("../../../share/govsocial-kg/data/registry/people.ttl"),
        ]

    def locate_file(self, path: PurePosixPath) -> Path:
        return self.site_packages / path


def test_the_installed_copy_under_share(tmp_path, monkeypatch) -> None:
    prefix = tmp_path / "venv"
    _fake_project(prefix / "share" / "govsocial-kg")
    site_packages = prefix / "lib" / "python3.11" / "site-packages"
    site_packages.mkdir(parents=True)
    monkeypatch.setattr(
        project_module.metadata, "distribution", lambda _name: _Distribution(site_packages)
    )
    assert installed_copy() == (prefix / "share" / "govsocial-kg").resolve()


def test_no_installed_copy_without_the_files(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(
        project_module.metadata, "distribution", lambda _name: _Distribution(tmp_path)
    )
    assert installed_copy() is None


@pytest.mark.parametrize(
    ("given", "left_out"),
    [
        ("checkout/data/registry/people.ttl", "people.ttl"),  # the same file
        ("fork/data/registry/people.ttl", "people.ttl"),  # the same path in a fork
        ("fork/registry/people.ttl", None),  # another path: both are loaded
        ("people.ttl", None),
    ],
)
def test_a_file_at_a_project_path_stands_in_for_it(tmp_path, given, left_out) -> None:
    project = Project(_fake_project(tmp_path / "checkout"))
    kept = {f.name for f in project.data_files(replaced_by=[tmp_path / given])}
    assert kept == {"people.ttl", "channels.ttl"} - {left_out}
