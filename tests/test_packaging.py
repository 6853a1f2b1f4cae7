"""The install story is consistent: pyproject ranges, pinned constraints, environment.yml, Makefile, CI."""

from __future__ import annotations

import re
import subprocess
import sys

from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.version import Version

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _reqs(lines: list[str]) -> dict[str, Requirement]:
    return {Requirement(x).name.lower(): Requirement(x) for x in lines}


def _project_reqs() -> dict[str, Requirement]:
    return _reqs(PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"])


def test_environment_yml_agrees_with_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_reqs = {}
    for d in conda:
        name, _, spec = re.match(r"([A-Za-z0-9_.-]+)(([<>=!].*)?)$", d).group(1, 2, 2)
        conda_reqs[name.lower()] = spec
    assert conda_reqs.pop("python") == PYPROJECT["project"]["requires-python"]
    conda_reqs.pop("pip")
    project = _project_reqs()
    assert set(conda_reqs) == set(project), set(conda_reqs) ^ set(project)
    for name, req in project.items():
        assert conda_reqs[name] == str(req.specifier), name
    assert pip == ["-e ."]


def test_constraints_pin_every_dependency_within_its_range():
    pins = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = Version(version)
    for name, req in _project_reqs().items():
        key = name.replace("_", "-")
        assert key in pins, f"{name} is not pinned in requirements/constraints.txt"
        assert pins[key] in req.specifier, f"{name} pin {pins[key]} outside {req.specifier}"


def test_bench_only_tools_stay_out_of_runtime_deps():
    runtime = _reqs(PYPROJECT["project"]["dependencies"])
    assert "lifetimes" not in runtime
    assert "lifetimes" in PYPROJECT["project"]["optional-dependencies"]["bench"][0]


def test_import_is_cheap_and_side_effect_free():
    code = "import sys, playbook_lib; print(sorted(m for m in ('matplotlib', 'seaborn', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert out.stderr == ""


def test_makefile_quick_start_targets():
    mk = (ROOT / "Makefile").read_text()
    for target in ("lab:", "test:", "notebooks:", "data:", "bench:"):
        assert re.search(rf"^{target}", mk, re.M), target
    lab = re.search(r"^lab:.*\n((?:\t.*\n)+)", mk, re.M).group(1)
    assert "127.0.0.1" in lab and "$(ROOT_FLAG)" in lab and "00_start_here.ipynb" in lab
    assert "--allow-root" in mk and "id -u" in mk
    assert "token=''" not in lab and 'token=""' not in lab  # keep Jupyter's random token
    test = re.search(r"^test:.*\n((?:\t.*\n)+)", mk, re.M).group(1)
    assert "--nbval " in mk and "--nbval-current-env" in mk and "nbval_sanitize.cfg" in mk and "pytest" in test
    assert "ipykernel install" in mk and "PYTHONHASHSEED" in mk


def test_ci_runs_the_readme_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "set -euo pipefail" in ci
    assert "make lab" in readme and "make test" in readme
