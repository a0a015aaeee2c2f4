"""`timeline-quickstart --engine PATH_OR_URL`: a new site can depend on a local wheel, a
checkout folder or any pip requirement instead of this release from the package index, and
installs and passes its own tests with it; its README says how (PIP_FIND_LINKS, a wheel).

The wheel is built from a copy of this checkout, and every install goes into a virtual
environment in a temporary folder, offline (--no-index): the new environment sees this
test environment's dependencies through a .pth file, never the other way round.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from helpers import copy_package_sources

from pelican.plugins.timeline import __version__
from pelican.plugins.timeline.commands.quickstart import (
    EngineError,
    engine_requirement,
    main,
)

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--title", "Engine test", "--description", "A site for the --engine tests.",
        "--author", "The editors", "--repo-url", "https://github.com/example/engine-test"]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without its pip settings (a machine's own index or find-links
    must not decide what the tests install) and without PYTHONPATH."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            **extra}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the files the package is built from (building writes into its folder)."""
    return copy_package_sources(tmp_path_factory.mktemp("checkout") / "pelican-timeline")


@pytest.fixture(scope="module")
def wheel(checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir",
                    str(out), str(checkout)], check=True, capture_output=True,
                   env=clean_env())
    (found,) = out.glob("pelican_timeline-*.whl")
    return found


def new_venv(folder: Path) -> Path:
    """A virtual environment whose only packages are what pip installs into it; this test
    environment's (pip, setuptools, the pinned dependencies) come after them on its path."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], check=True, capture_output=True, text=True)
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib.stdout.strip()) / "test-dependencies.pth").write_text(
        "\n".join(sorted(here)) + "\n", encoding="utf-8")
    return python


def install_site(python: Path, site: Path) -> None:
    """What the Quick start's `pip install .` does, offline."""
    result = subprocess.run([str(python), "-m", "pip", "install", "--no-index",
                             "--no-build-isolation", "."], cwd=site, env=clean_env(),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def engine_file(python: Path, cwd: Path) -> str:
    """Where the environment imports the engine from, run in the site's folder."""
    found = subprocess.run([str(python), "-c", "import pelican.plugins.timeline as t; "
                            "print(t.__file__)"], cwd=cwd, env=clean_env(),
                           capture_output=True, text=True, check=True)
    return found.stdout.strip()


def dependencies(site: Path) -> list[str]:
    project = tomllib.loads((site / "pyproject.toml").read_text(encoding="utf-8"))
    return project["project"]["dependencies"]


# --- what --engine accepts -------------------------------------------------------------------

def test_without_engine_the_site_depends_on_this_release(tmp_path):
    assert engine_requirement(None) == f"pelican-timeline=={__version__}"
    assert main([str(tmp_path / "site"), *ARGS]) == 0
    assert dependencies(tmp_path / "site") == [f"pelican-timeline=={__version__}"]
    readme = (tmp_path / "site" / "README.md").read_text(encoding="utf-8")
    assert "PIP_FIND_LINKS=" in readme and "--engine" in readme
    assert "This site was made with" not in readme
    assert "\n\n\n" not in readme


@pytest.mark.parametrize("spec, requirement", [
    ("pelican-timeline==1.1.0rc1", "pelican-timeline==1.1.0rc1"),
    ("pelican-timeline>=1.0,<2", "pelican-timeline>=1.0,<2"),
    ("git+https://github.com/example/pelican-timeline@main",
     "pelican-timeline @ git+https://github.com/example/pelican-timeline@main"),
    ("https://example.org/pelican_timeline-1.0.0-py3-none-any.whl",
     "pelican-timeline @ https://example.org/pelican_timeline-1.0.0-py3-none-any.whl"),
    ("pelican-timeline @ https://example.org/x.whl", "pelican-timeline @ https://example.org/x.whl"),
])
def test_engine_takes_a_url_or_a_requirement(spec, requirement):
    assert engine_requirement(spec) == requirement


def test_engine_takes_a_wheel_or_a_checkout_by_absolute_file_url(wheel, checkout):
    assert engine_requirement(str(wheel)) == f"pelican-timeline @ {wheel.as_uri()}"
    relative = os.path.relpath(checkout, wheel.parent)
    assert engine_requirement(relative, cwd=wheel.parent) == (
        f"pelican-timeline @ {checkout.as_uri()}")


@pytest.mark.parametrize("spec, message", [
    ("requests==2.0", "not a URL or a requirement on pelican-timeline"),
    ("./no/such/folder", "no such file or folder"),
    ("{tmp}", "not a pelican-timeline checkout"),
    ("{tmp}/other.whl", "not a pelican-timeline wheel"),
])
def test_engine_refuses_what_names_no_pelican_timeline(tmp_path, spec, message, capsys):
    (tmp_path / "other.whl").write_bytes(b"")
    spec = spec.format(tmp=tmp_path)
    with pytest.raises(EngineError, match=message):
        engine_requirement(spec)
    assert main([str(tmp_path / "site"), *ARGS, "--engine", spec]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


# --- a site made with --engine installs it and passes its tests ---------------------------------

def test_a_site_made_with_a_local_wheel_installs_it_and_passes_its_tests(wheel, tmp_path):
    site = tmp_path / "site"
    assert main([str(site), *ARGS, "--engine", str(wheel)]) == 0
    assert dependencies(site) == [f"pelican-timeline @ {wheel.as_uri()}"]
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert f"depends on `pelican-timeline @ {wheel.as_uri()}`" in readme
    assert "set the dependency back to a release" in readme
    python = new_venv(tmp_path / "venv")
    install_site(python, site)
    assert engine_file(python, site).startswith(str(tmp_path / "venv"))
    for task in ("build", "test"):
        result = subprocess.run([str(python), "-m", "invoke", task], cwd=site,
                                env=clean_env(), capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "output" / "index.html").is_file()
    assert "6 passed" in result.stdout


def test_a_site_made_with_a_checkout_folder_installs_it(checkout, tmp_path):
    site = tmp_path / "site"
    assert main([str(site), *ARGS, "--engine", str(checkout)]) == 0
    assert dependencies(site) == [f"pelican-timeline @ {checkout.as_uri()}"]
    python = new_venv(tmp_path / "venv")
    install_site(python, site)
    assert engine_file(python, site).startswith(str(tmp_path / "venv"))


def test_pip_find_links_takes_the_release_from_a_folder_of_wheels(wheel, tmp_path):
    """The README's way for a site made without --engine: PIP_FIND_LINKS names a folder
    with the wheel, and pip takes the site's pelican-timeline==VERSION from it."""
    site = tmp_path / "site"
    assert main([str(site), *ARGS]) == 0
    (requirement,) = dependencies(site)
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
         "--no-deps", "--no-index", "--report", str(report), requirement],
        env=clean_env(PIP_FIND_LINKS=str(wheel.parent)), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    (chosen,) = json.loads(report.read_text(encoding="utf-8"))["install"]
    assert chosen["download_info"]["url"] == wheel.as_uri()
