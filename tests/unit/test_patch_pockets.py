"""Which open regions of the periodic patch are sealed pockets (thermobond.simulation.patchgas).

A region of open gap that wraps around the periodic patch is an endless channel to the laminate's
edge and holds no gas; one that does not wrap is bounded, whether or not it crosses the patch's
sides. Open points connect through grid edges only.
"""

from __future__ import annotations

import numpy as np


def _pockets(grid):
    from thermobond.simulation.patchgas import sealed_pockets

    return [sorted(map(tuple, np.argwhere(_mask(grid.shape, p)))) for p in sealed_pockets(grid)]


def _mask(shape, flat):
    m = np.zeros(shape[0] * shape[1], dtype=bool)
    m[flat] = True
    return m.reshape(shape)


def test_a_pocket_across_the_periodic_corner_is_one_sealed_pocket():
    g = np.zeros((6, 5), dtype=bool)
    g[0, 0] = g[5, 0] = g[0, 4] = g[5, 4] = True  # the four images of one point's neighbourhood
    assert _pockets(g) == [[(0, 0), (0, 4), (5, 0), (5, 4)]]


def test_a_channel_that_wraps_is_vented_in_either_direction():
    along_y = np.zeros((6, 5), dtype=bool)
    along_y[2, :] = True
    along_x = np.zeros((6, 5), dtype=bool)
    along_x[:, 3] = True
    assert _pockets(along_y) == [] and _pockets(along_x) == []
    # a diagonal channel wraps too, once it is joined through edges
    stair = np.zeros((4, 4), dtype=bool)
    for i in range(4):
        stair[i, i] = stair[i, (i + 1) % 4] = True
    assert _pockets(stair) == []


def test_a_channel_cut_once_is_a_pocket_and_diagonal_points_are_not_joined():
    cut = np.zeros((6, 5), dtype=bool)
    cut[2, :] = True
    cut[2, 3] = False
    assert _pockets(cut) == [[(2, 0), (2, 1), (2, 2), (2, 4)]]
    diagonal = np.zeros((6, 6), dtype=bool)
    diagonal[1, 1] = diagonal[2, 2] = True
    assert len(_pockets(diagonal)) == 2
    assert _pockets(np.zeros((3, 3), dtype=bool)) == [] and _pockets(np.ones((3, 3), dtype=bool)) == []


def test_slots_follow_the_surfaces_basins():
    from thermobond.simulation.patchgas import MAX_POCKETS, PER_BASIN, pocket_slots

    x = np.arange(16) / 16
    X, Y = np.meshgrid(x, x, indexing="ij")
    bisinusoid = np.cos(2 * np.pi * X) * np.cos(2 * np.pi * Y)  # two valleys per period cell
    assert pocket_slots(bisinusoid) == 2 * PER_BASIN
    floor = np.maximum(np.cos(4 * np.pi * X) * np.cos(4 * np.pi * Y), 0.5)  # caps on a flat floor: one basin
    assert pocket_slots(floor) == PER_BASIN
    egg_crate = np.cos(8 * np.pi * X) * np.cos(8 * np.pi * Y)  # 32 valleys: capped
    assert pocket_slots(egg_crate) == MAX_POCKETS
