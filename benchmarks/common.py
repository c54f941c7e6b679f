"""Shared bits of the benchmark scripts: where results go and what is recorded with them."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def write_result(name: str, data: dict[str, Any]) -> Path:
    """Write ``benchmarks/results/<name>.json`` with the machine and time of the measurement."""
    from thermobond.outputs import dumps_json, software_versions

    RESULTS.mkdir(exist_ok=True)
    record = {
        "benchmark": name,
        "measured": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "software": {
            k: v
            for k, v in software_versions().items()
            if k in ("thermobond", "dolfinx", "petsc", "numpy", "scipy", "git_revision")
        },
        **data,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(dumps_json(record))
    return path
