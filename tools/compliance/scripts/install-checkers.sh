#!/usr/bin/env bash
# Installs the independent template checkers the compliance report runs with --cfn-lint / --checkov.
# Versions are pinned so a new checker release cannot change a green build into a red one unnoticed;
# bump them deliberately (pip index versions cfn-lint / checkov).
set -euo pipefail

CFN_LINT_VERSION=1.58.0
CHECKOV_VERSION=3.3.30

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
# VENV overrides the location (default: .venv-checkers, apart from moto's .venv: checkov pins many libraries).
venv="${VENV:-$root/.venv-checkers}"

if [ ! -x "$venv/bin/python" ]; then
  command -v python3 >/dev/null || { echo "python3 not found: install Python 3.11 or newer" >&2; exit 1; }
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "cfn-lint==$CFN_LINT_VERSION" "checkov==$CHECKOV_VERSION"
"$venv/bin/cfn-lint" --version
"$venv/bin/checkov" --version
