#!/usr/bin/env bash
# Installs the local AWS emulator (moto server) into .venv at the repository root, for CI and for
# machines where the TypeScript launcher has not run yet. Does the same as ensureMoto():
# reuses an existing .venv that already has the pinned version, otherwise creates or updates it.
set -euo pipefail

MOTO_VERSION="${MOTO_VERSION:-5.2.5}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
while [ ! -f "$root/nx.json" ]; do
  if [ "$root" = "/" ]; then
    echo "error: no nx.json above $(dirname "${BASH_SOURCE[0]}"): run this script from inside the repository" >&2
    exit 1
  fi
  root="$(dirname "$root")"
done

python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
if [ -z "$python" ]; then
  echo "error: python 3 was not found on PATH: install Python 3.9 or newer (or set PYTHON=/path/to/python3)" >&2
  exit 1
fi

venv="$root/.venv"
if [ -x "$venv/bin/moto_server" ] && "$venv/bin/python" -c "import moto, sys; sys.exit(0 if moto.__version__ == '$MOTO_VERSION' else 1)" 2>/dev/null; then
  echo "moto $MOTO_VERSION already installed in $venv"
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "creating virtualenv $venv"
  "$python" -m venv "$venv" || {
    echo "error: '$python -m venv $venv' failed: install the venv module (Debian/Ubuntu: apt-get install python3-venv)" >&2
    exit 1
  }
fi

echo "installing moto[server]==$MOTO_VERSION into $venv"
"$venv/bin/python" -m pip install --quiet "moto[server]==$MOTO_VERSION" || {
  echo "error: pip could not install moto[server]==$MOTO_VERSION into $venv: check network access to PyPI, or remove $venv and retry" >&2
  exit 1
}
echo "moto $MOTO_VERSION installed: $venv/bin/moto_server"
