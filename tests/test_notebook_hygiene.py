"""Guards that strict nbval alone cannot give: every notebook is committed executed, clean and complete.

nbval silently passes cells that were never executed, so these checks read the committed JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]
KERNEL = "b2b-b2c-playbook"
# editing the interpreter's module search path (sys + "." + path, spaces allowed) instead of installing
IMPORT_PATH_HACK = re.compile(r"\bsys\s*\.\s*path\b")


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _code(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _text(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def test_there_are_notebooks_and_they_are_numbered():
    assert NOTEBOOKS, "no notebooks found"
    for p in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", p.name), p.name
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_execution_counts_run_1_to_n(path):
    counts = [c["execution_count"] for c in _code(_nb(path))]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: re-run with `make notebooks` ({counts[:10]}...)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_errors_or_warnings_saved(path):
    for i, cell in enumerate(_code(_nb(path))):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name} cell {i}: saved error {out.get('ename')}"
            if out["output_type"] == "stream":
                text = "".join(out["text"])
                assert out["name"] != "stderr", f"{path.name} cell {i}: stderr output {text[:120]!r}"
                assert "Warning" not in text, f"{path.name} cell {i}: warning in output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_machine_paths_or_import_path_hacks(path):
    nb = _nb(path)
    for i, cell in enumerate(_code(nb)):
        assert not IMPORT_PATH_HACK.search(_text(cell)), f"{path.name} cell {i}: import the installed package instead"
        blob = json.dumps(cell.get("outputs", []))
        assert not re.search(r"/(root|home|tmp|work|Users)/", blob), f"{path.name} cell {i}: absolute path in output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_figures_are_png_and_kernel_is_the_course_kernel(path):
    nb = _nb(path)
    assert nb["metadata"]["kernelspec"]["name"] == KERNEL
    for cell in _code(nb):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            assert "image/svg+xml" not in data and "application/pdf" not in data


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_skeleton_opening_and_ending(path):
    nb = _nb(path)
    md = [_text(c) for c in nb["cells"] if c["cell_type"] == "markdown"]
    opening = md[0]
    for needle in ("Who this is for", "What you will be able to do", "Time needed", "Data used"):
        assert needle in opening, f"{path.name}: opening cell lacks '{needle}'"
    body = "\n".join(md)
    assert "Key takeaways" in body, f"{path.name}: no 'Key takeaways' section"
    assert "What next" in body, f"{path.name}: no 'What next' section"
    if not path.name.startswith("00"):
        for needle in ("Definition clinic", "Exercises"):
            assert needle in body, f"{path.name}: no '{needle}' section"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_live_widget_cells_are_tagged(path):
    for i, cell in enumerate(_code(_nb(path))):
        outputs = cell.get("outputs", [])
        live = any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
        if live:
            tags = cell.get("metadata", {}).get("tags", [])
            assert "nbval-ignore-output" in tags, f"{path.name} cell {i}: widget output must be tagged nbval-ignore-output"
            assert "NBVAL_IGNORE_OUTPUT" not in _text(cell), "use tags, not visible comments"
