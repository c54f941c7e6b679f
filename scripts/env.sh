#!/usr/bin/env bash
# Source me. Creates (or reuses) .venv with Python >= 3.12 and thermobond installed in editable mode
# with its finite-element stack (the PyPI wheel dolfinx-solver-real) and test tools. Idempotent:
# a second call only checks a stamp of pyproject.toml.
set -euo pipefail
TB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TB_VENV="$TB_ROOT/.venv"

_tb_ok_python() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

tb_find_python() {
    local c d
    for c in "${THERMOBOND_PYTHON:-}" python3.12 python3.13 python3.14 python3; do
        [ -n "$c" ] || continue
        if command -v "$c" >/dev/null 2>&1 && _tb_ok_python "$(command -v "$c")"; then
            command -v "$c"; return 0
        fi
    done
    # pyenv keeps interpreters that are not on PATH (the shim may point at an older default)
    for d in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*; do
        if [ -x "$d/bin/python3" ] && _tb_ok_python "$d/bin/python3"; then
            echo "$d/bin/python3"; return 0
        fi
    done
    return 1
}

tb_ensure_venv() {
    local py stamp want
    if [ ! -x "$TB_VENV/bin/python" ] || ! _tb_ok_python "$TB_VENV/bin/python"; then
        if ! py=$(tb_find_python); then
            echo "thermobond: no Python >= 3.12 found on PATH or in ${PYENV_ROOT:-$HOME/.pyenv}/versions." >&2
            echo "  Install one (e.g. 'pyenv install 3.12' or your distribution's python3.12 package)," >&2
            echo "  or point THERMOBOND_PYTHON at it, then run this command again." >&2
            return 1
        fi
        echo "thermobond: creating $TB_VENV with $py" >&2
        rm -rf "$TB_VENV"
        "$py" -m venv "$TB_VENV"
    fi
    want=$(cat "$TB_ROOT/pyproject.toml" "$TB_ROOT/scripts/env.sh" | sha256sum | cut -d' ' -f1)
    stamp="$TB_VENV/.thermobond-installed"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "thermobond: installing thermobond[fem,test,parquet,bench] into $TB_VENV" >&2
        "$TB_VENV/bin/python" -m pip install --quiet --upgrade pip >&2
        "$TB_VENV/bin/python" -m pip install --quiet -e "$TB_ROOT[fem,test,parquet,bench]" >&2
        # independent DMA-fit cross-check (tests only); its GUI dependencies are not needed
        "$TB_VENV/bin/python" -m pip install --quiet --no-deps "pyvisco==2.1.3" >&2
        echo "$want" > "$stamp"
    fi
}
