"""The [interface] table's new keys: the bonds' interface card, the press atmosphere, foil classes."""

from __future__ import annotations

import pytest

from tests.conftest import CASES


def test_interface_card_key_and_gas_atmosphere():
    import thermobond

    card = CASES / "materials" / "interface_cu_tpi.toml"
    case = thermobond.load_case(
        CASES / "interface_sinusoid.toml", **{"interface.card": str(card), "interface.gas.mode": "sealed"}
    )
    spec = case.interface
    assert spec.card is not None and spec.card.cohesive_strength == pytest.approx(30e6)
    assert spec.gas == "sealed" and spec.gas_pressure == pytest.approx(0.101325e6)  # 1 atm, absolute
    vacuum = thermobond.load_case(
        CASES / "interface_sinusoid.toml", **{"interface.gas.mode": "sealed", "interface.gas.pressure": "0 MPa"}
    )
    assert vacuum.interface.gas_pressure == 0.0 and vacuum.interface.card is None


def test_a_bad_interface_card_is_named():
    import thermobond
    from thermobond.errors import InputError

    with pytest.raises(InputError) as err:
        thermobond.load_case(
            CASES / "interface_sinusoid.toml", **{"interface.card": str(CASES / "materials" / "cu_ed.toml")}
        )
    assert "interface.card" in str(err.value)


def test_foil_surface_kind():
    import thermobond
    from thermobond.errors import InputError

    case = thermobond.load_case(
        CASES / "interface_sinusoid.toml", **{"interface.surface": {"kind": "foil", "class": "HVLP"}}
    )
    prof = case.interface.surface.profile
    assert prof.sides == "periodic" and prof.roughness()["Rz_m"] == pytest.approx(1.0e-6, rel=0.02)
    with pytest.raises(InputError) as err:
        thermobond.load_case(
            CASES / "interface_sinusoid.toml", **{"interface.surface": {"kind": "foil", "class": "XX"}}
        )
    assert "class" in str(err.value)
