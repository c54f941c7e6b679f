"""What each model's result becomes in the results folder (tables, plots, metadata).

Every function is collective (files and plots are made on rank 0, an error there is raised on every
rank). Column names follow :mod:`thermobond.results` (unit at the end, temperatures in °C).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .bond.adhesion import AdhesionInputs, AdhesionResult
from .case import Case
from .comparison import file_stem
from .outputs import write_csv
from .records import to_data
from .results import InterfaceResult, PatchResult, StackResult, TraceComparison
from .sinks import RunFolder

__all__ = ["metadata", "write_adhesion", "write_interface", "write_measured", "write_patch", "write_stack"]


def write_stack(folder: RunFolder, case: Case, result: StackResult) -> None:
    """``interface_stress.csv``, ``deflection.csv``, ``centre_stress.csv`` (through the thickness at
    the coupon's centre), ``interface_history.csv`` and the stack's plots."""
    rows = [(tr.name, x, n, s) for tr in result.tractions for x, n, s in zip(tr.x, tr.normal, tr.shear, strict=True)]
    folder.write_csv("interface_stress.csv", ["interface", "x_m", "normal_stress_Pa", "shear_stress_Pa"], rows)
    d = result.deflection
    folder.write_csv("deflection.csv", ["x_m", "w_m", "w_fit_m"], np.column_stack([d.x, d.w, d.w_fit]))
    c = result.centre_stress
    folder.write_csv(
        "centre_stress.csv",
        ["y_m", "layer", "stress_xx_Pa", "stress_yy_Pa", "stress_zz_Pa", "stress_xy_Pa"],
        list(zip(c.y, c.layer, c.xx, c.yy, c.zz, c.xy, strict=True)),
    )
    progs = result.interface_programmes
    header = ["time_s"]
    cols: list[np.ndarray] = []
    for name, prog in progs.items():
        header += [f"{name}.temperature_degC", f"{name}.pressure_Pa"]
        cols += [prog.temperatures - 273.15, prog.pressures]
    if progs:
        t = next(iter(progs.values())).times
        folder.write_csv("interface_history.csv", header, np.column_stack([t, *cols]))
    if case.output.plots:
        from .report.stackplots import plot_stack  # matplotlib: only where plots are made

        folder.on_rank0(plot_stack, result, folder.subfolder("plots"))


def write_interface(folder: RunFolder, sub: str, case: Case, result: InterfaceResult) -> None:
    """``surface.csv``, ``surface_profile.csv`` and the interface's plots (in ``sub`` of the folder)."""
    prefix = f"{sub}/" if sub else ""
    s = result.surface
    folder.write_csv(
        f"{prefix}surface.csv",
        ["x_reference_m", "x_anchor_m", "first_contact_s", "bonded_at_s", "bonded", "contact_pressure_Pa"],
        np.column_stack([s.x_reference, s.x_anchor, s.first_contact_s, s.bonded_at_s, s.bonded, s.contact_pressure_Pa]),
    )
    folder.write_csv(
        f"{prefix}surface_profile.csv", ["x_m", "z_m"], np.column_stack([result.profile_x, result.profile_z])
    )
    if case.output.plots:
        from .report.interfaceplots import plot_interface  # matplotlib: only where plots are made

        folder.on_rank0(plot_interface, result, folder.subfolder(f"{prefix}plots"))


def write_patch(folder: RunFolder, sub: str, case: Case, result: PatchResult) -> None:
    """``bond_map.csv`` (when each surface node bonded) and the patch's plots (in ``sub`` of the folder)."""
    prefix = f"{sub}/" if sub else ""
    folder.write_csv(
        f"{prefix}bond_map.csv",
        ["x_m", "y_m", "x_now_m", "y_now_m", "bonded_at_s"],
        np.column_stack([result.bond_points, result.bonded_at_s]) if result.bond_points.size else np.zeros((0, 5)),
    )
    if case.output.plots:
        from .report.patchplots import plot_patch  # matplotlib: only where plots are made

        folder.on_rank0(plot_patch, result, folder.subfolder(f"{prefix}plots"))


def write_adhesion(
    folder: RunFolder, case: Case, inputs: AdhesionInputs, result: AdhesionResult, thickness: np.ndarray
) -> None:
    """``bond.csv`` (bond degree along the surface), ``peel_vs_thickness.csv`` and their plots."""
    from .report.adhesionplots import peel_thickness_curve, plot_adhesion  # matplotlib

    card = result.card
    # complete contact (a conductor formed on the TPI) has no surface profile: its points are
    # fractions of the interface, not positions
    where = "x_m" if case.adhesion is None or case.adhesion.contact == "interface" else "position_fraction"
    folder.write_csv(
        "bond.csv",
        [where, "bonded_at_s", "bond_degree", "toughness_J_per_m2"],
        np.column_stack(
            [inputs.bonds.x, inputs.bonds.bonded_at, result.bond_degree, result.bond_degree * card.intrinsic_toughness]
        ),
    )

    plots = folder.subfolder("plots") if case.output.plots else None

    def curve_and_plots() -> None:  # rank 0 only: the curve takes ~45 peel solutions
        P = peel_thickness_curve(inputs, result.effective_toughness, thickness)
        write_csv(
            folder.path / "peel_vs_thickness.csv",
            ["arm_thickness_m", "peel_strength_N_per_m"],
            np.column_stack([thickness, P]),
        )
        if plots is not None:
            plot_adhesion(plots, inputs, result, thickness, P)

    folder.on_rank0(curve_and_plots)


def write_measured(folder: RunFolder, case: Case, comparisons: tuple[TraceComparison, ...]) -> None:
    """``measured/<target>.csv`` (measured and simulated temperature at the measured samples) and
    ``plots/measured_<target>`` for every measured temperature of the case (``/`` in a target is ``-``)."""
    folder.subfolder("measured")
    for c in comparisons:
        folder.write_csv(
            f"measured/{file_stem(c.summary.target)}.csv",
            ["time_s", "measured_temperature_degC", "simulated_temperature_degC", "difference_K"],
            np.column_stack([c.times, c.measured - 273.15, c.simulated - 273.15, c.measured - c.simulated]),
        )
    if case.output.plots:
        from .report.measuredplots import plot_measured  # matplotlib: only where plots are made

        plots = folder.subfolder("plots")

        def draw() -> None:
            for c in comparisons:
                plot_measured(c, plots)

        folder.on_rank0(draw)


def metadata(
    folder: RunFolder, stack: StackResult | None, interface: InterfaceResult | None, patch: PatchResult | None = None
) -> dict[str, Any]:
    """``metadata.json``: versions, host, MPI size, wall times and each model's solver statistics."""
    solver = {}
    if stack is not None:
        solver["stack"] = stack.summary.solver
    if interface is not None:
        solver["interface"] = interface.summary.solver
    if patch is not None:
        solver["patch"] = patch.summary.solver

    return folder.metadata({"solver": to_data(solver)})
