#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Một Cửa needs, only those whose command is missing.
# Usage: ensure-system-packages.sh demo|test
set -euo pipefail

declare -A wanted=(
  [msgfmt]=gettext
  [npm]="nodejs npm"
)
if [[ "${1:-demo}" == test ]]; then
  wanted[chromium]="chromium fonts-dejavu-core"
  wanted[pdftoppm]=poppler-utils
fi
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  wanted[python3-venv]=python3-venv
fi

missing=()
for command in "${!wanted[@]}"; do
  if [[ "$command" == python3-venv ]] || ! command -v "$command" >/dev/null 2>&1; then
    read -r -a packages <<<"${wanted[$command]}"
    missing+=("${packages[@]}")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing system packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
