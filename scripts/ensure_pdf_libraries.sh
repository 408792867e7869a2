#!/usr/bin/env bash
# WeasyPrint (the family letters' PDFs) needs Debian's Pango: libpango-1.0-0 and libpangoft2-1.0-0.
# On Debian as root, install them; anywhere else, say in one line what to install and fail, so that
# `make setup` never leaves a machine where the letters' PDFs fail at the first download.
set -euo pipefail
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0"
present() {
  if command -v ldconfig >/dev/null && ldconfig -p 2>/dev/null | grep -q 'libpango-1\.0\.so\.0' \
    && ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1\.0\.so\.0'; then
    return 0
  fi
  command -v dpkg-query >/dev/null || return 1
  for package in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || return 1
  done
}
present && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Pango for WeasyPrint's PDFs (apt-get install $PACKAGES)..."
  apt-get update -qq
  # shellcheck disable=SC2086 - the package names are words
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
  exit 0
fi
echo "make setup needs Pango for WeasyPrint's PDFs: run 'sudo apt-get install $PACKAGES' (Debian; elsewhere your system's Pango 1.44 or later), then make setup again." >&2
exit 1
