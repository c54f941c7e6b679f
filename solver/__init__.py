"""thermobond: thermocompression bonding of flexible metal-clad laminates, on DOLFINx.

The package root is the ``solver/`` folder of the repository; ``meshes/`` is ``thermobond.meshes``.
Importing ``thermobond`` does not import DOLFINx: the material layer, case loading and bond models
work without it; the solvers import it when they run.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("thermobond")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
