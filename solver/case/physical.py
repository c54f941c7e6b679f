"""Physical checks that need the whole case: a material law used where it has no meaning.

A card is validated on its own when it is read (:mod:`thermobond.materials.cards`); what it may not
be used for depends on the case — the temperatures its cycle reaches.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..materials import ThermoplasticMaterial
from ..materials.shift import WLF
from ..process import Programme
from ..units import to_celsius
from .stack import Stack

__all__ = ["check_shift_laws"]


def check_shift_laws(stack: Stack, programme: Programme, path: Path) -> None:
    """Refuse a plain WLF shift whose pole T_ref − C2 lies in the temperatures the cycle reaches.

    Below its clamp (``lower_limit``, default T_ref − C2/2) a WLF law is held at a constant a_T; a
    cycle that reaches the pole uses the law where WLF has no meaning — the WLF form holds from Tg to
    about Tg + 50 K (IUPAC Gold Book, "WLF equation"). A hybrid law (Arrhenius below T_ref) or a
    tabulated shift is what such a cycle needs.

    Raises:
        InputError: Naming the layer, its card, C1, C2, T_ref, the pole, the clamp and the cycle's range.
    """
    low, high = float(programme.temperatures.min()), float(programme.temperatures.max())
    for i, layer in enumerate(stack.layers):
        mat = layer.material
        if not isinstance(mat, ThermoplasticMaterial) or not isinstance(mat.viscoelastic.shift, WLF):
            continue
        law = mat.viscoelastic.shift
        pole = law.reference_temperature - law.C2
        if pole < low:
            continue
        clamp = law.valid_range[0]
        raise InputError(
            f"the WLF shift of '{layer.name}' ({mat.path}: C1 {law.C1:g}, C2 {law.C2:g} K, T_ref "
            f"{to_celsius(law.reference_temperature):.1f} °C) has its pole T_ref − C2 = {to_celsius(pole):.1f} °C "
            f"inside the temperatures this cycle reaches ({to_celsius(low):.1f} … {to_celsius(high):.1f} °C); below "
            f"{to_celsius(clamp):.1f} °C the law would be held at a_T = 10^{float(law.log10_aT(clamp)):.3g}",
            file=path,
            key=f"stack.layers[{i}].material",
            value=str(mat.path),
            accepted=f"a WLF pole below {to_celsius(low):.1f} °C (C2 > {law.reference_temperature - low:.4g} K), "
            "or law = 'hybrid' (Arrhenius below T_ref) or 'table' in the card's [viscoelastic.shift]",
        )
