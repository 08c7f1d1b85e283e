#!/bin/sh
# Copies what the services need at run time out of the built workspace into <out>: the root
# manifest and, for every workspace, its package.json, its compiled dist/ and its SQL
# migrations. Workspaces that were not built contribute only their manifest.
# usage: collect-build.sh <out>
set -eu
out="$1"
mkdir -p "$out"
cp package.json "$out/"
for manifest in */package.json */*/package.json; do
  case "$manifest" in node_modules/*) continue ;; esac
  dir="$(dirname "$manifest")"
  mkdir -p "$out/$dir"
  cp "$manifest" "$out/$dir/"
  if [ -d "$dir/dist" ]; then
    cp -R "$dir/dist" "$out/$dir/dist"
    # Compiled tests and build scripts never run in a service.
    rm -rf "$out/$dir/dist/test" "$out/$dir/dist/scripts"
    find "$out/$dir/dist" \( -name '*.tsbuildinfo' -o -name '*.d.ts' -o -name '*.d.ts.map' \) -type f -delete
  fi
  if [ -d "$dir/migrations" ]; then cp -R "$dir/migrations" "$out/$dir/migrations"; fi
done
