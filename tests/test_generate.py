"""The committed data is exactly what the seeded generator writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lib import generate

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("data")
    generate.write_all(out)
    return out


def test_regeneration_is_byte_identical(regenerated):
    committed = sorted(p.name for p in DATA.iterdir())
    fresh = sorted(p.name for p in regenerated.iterdir())
    assert fresh == committed
    for name in committed:
        assert (regenerated / name).read_bytes() == (DATA / name).read_bytes(), f"{name} differs: run `make data`"


def test_a_different_seed_gives_different_data(tmp_path):
    a = generate.build_world(seed=1, scale=0.05)["b2c_orders"]
    b = generate.build_world(seed=2, scale=0.05)["b2c_orders"]
    assert not a["amount"].head(50).equals(b["amount"].head(50))


def test_scale_must_be_positive():
    with pytest.raises(ValueError, match="scale"):
        generate.build_world(scale=0)
