"""Element-size distributions used by the builders (pure NumPy, no Gmsh)."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["edge_graded_blocks", "graded_rows"]


def graded_rows(thickness: float, n: int, grading: float) -> np.ndarray:
    """Row heights of a layer refined symmetrically toward both of its faces.

    Args:
        thickness: Layer thickness (m).
        n: Number of rows.
        grading: Ratio of the middle row height to the face row height (1 = uniform).

    Returns:
        The n row heights (m), summing to ``thickness``.
    """
    if n < 3 or grading == 1.0:
        return np.full(n, thickness / n)
    half = (n - 1) // 2
    g = grading ** (1.0 / half)
    k = np.arange(n)
    h = g ** np.minimum(k, n - 1 - k)
    return thickness * h / h.sum()


def edge_graded_blocks(
    half_width: float, size: float, edge_size: float, growth: float
) -> tuple[float, int, float, int]:
    """Split a half-width into a graded zone at the free edge and a uniform zone at the centre.

    The graded zone starts with ``edge_size`` at the edge and grows geometrically by ``growth``
    until the element size reaches ``size``.

    Returns:
        (graded length, graded elements, progression ratio, uniform elements). The graded length
        is zero when no grading is needed.
    """
    if edge_size >= size or growth <= 1.0:
        return 0.0, 0, 1.0, max(1, math.ceil(half_width / size - 1e-9))
    n_g = math.ceil(math.log(size / edge_size) / math.log(growth))
    L_g = edge_size * (growth**n_g - 1.0) / (growth - 1.0)
    if L_g >= 0.8 * half_width:
        # the whole half-width is graded: choose n so the geometric series spans it
        n = math.ceil(math.log(1.0 + half_width * (growth - 1.0) / edge_size) / math.log(growth))
        return half_width, max(1, n), growth, 0
    n_u = max(1, math.ceil((half_width - L_g) / size - 1e-9))
    return L_g, n_g, growth, n_u
