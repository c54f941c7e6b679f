"""The installed version of thermobond (a leaf module: anything may import it without a cycle)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("thermobond")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
