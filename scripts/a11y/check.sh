#!/usr/bin/env bash
# Validity and accessibility of the built site, as .ci/run checks them:
# the Nu HTML checker on every page and axe-core (WCAG 2.1 AA rules) on every page type at
# 1280 px and 390 px, for the shipped archive and a generated one. Needs java, node, npm
# and chromium; installs the npm packages it pins (package-lock.json) on first use.
#
#   scripts/a11y/check.sh [BANTIN_BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bantin=${1:-$repo/target/release/bantin}
[ -d "$here/node_modules/axe-core" ] || (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
vnu="$here/node_modules/vnu-jar/build/dist/vnu.jar"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/shipped"
cp -r "$repo/site.yaml" "$repo/seeds" "$repo/content" "$work/shipped/"
"$bantin" --quiet build --root "$work/shipped" --no-ingest
(cd "$repo" && cargo run --quiet --release --example gen_archive -- --articles 400 "$work/generated" >/dev/null)
"$bantin" --quiet build --root "$work/generated" --no-ingest

status=0
for site in shipped generated; do
  pages=$(find "$work/$site/public" -name '*.html' | wc -l)
  if java -jar "$vnu" --errors-only --skip-non-html "$work/$site/public" >"$work/vnu-$site.txt" 2>&1; then
    echo "Nu checker, $site archive: $pages pages, 0 errors"
  else
    echo "Nu checker, $site archive: $pages pages, $(grep -c 'error' "$work/vnu-$site.txt") errors:"
    head -40 "$work/vnu-$site.txt"
    status=1
  fi
  echo -n "axe-core, $site archive: "
  node "$here/axe.mjs" "$work/$site/public" || status=1
done
exit $status
