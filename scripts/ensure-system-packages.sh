#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Một Cửa needs, only those that are missing.
# Usage: ensure-system-packages.sh demo|test|bench
set -euo pipefail

missing=()
need() {  # need "<check command>" package...
  local check=$1; shift
  if ! bash -c "$check" >/dev/null 2>&1; then missing+=("$@"); fi
}

need "python3 -c 'import venv, ensurepip'" python3-venv
need "command -v msgfmt" gettext
need "command -v npm" nodejs npm
# PDF forms: WeasyPrint needs Pango; DejaVu fonts carry every Vietnamese letter.
need "ldconfig -p | grep -q libpangoft2-1.0" libpango-1.0-0 libpangoft2-1.0-0
need "test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" fonts-dejavu-core
if [[ "${1:-demo}" == test ]]; then
  need "command -v chromium" chromium
  need "command -v pdftoppm" poppler-utils
  # CI runs the whole suite again at a weekday night, a Sunday night and during Tết (libfaketime).
  need "command -v faketime" faketime
  # The rate-limit tests run against a real Redis of their own as well as the database cache.
  need "command -v redis-server" redis-server
fi
if [[ "${1:-demo}" == bench ]]; then
  # Load from wrk; PostgreSQL's own pgbench as the reference point (Debian ships it with the server).
  need "command -v wrk" wrk
  need "command -v pgbench && pgbench --version" postgresql
fi
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
