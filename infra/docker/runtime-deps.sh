#!/bin/sh
# Installs the production dependencies of the given workspaces into ./node_modules and trims
# what a Linux container never loads. Runs in a tree holding only the package manifests.
# usage: runtime-deps.sh <workspace>...
set -eu

# Workspaces' devDependencies are test tools (the embedded local stack, type packages); npm
# would still install those that are themselves workspaces, so drop them from the manifests.
npm pkg delete devDependencies --workspaces >/dev/null

workspaces=""
for name in "$@"; do workspaces="$workspaces --workspace=$name"; done
# shellcheck disable=SC2086 # one flag per workspace, split on purpose
npm-install-locked --omit=dev $workspaces

# The Temporal core bridge ships a native library for every platform; keep this one's.
bridge=node_modules/@temporalio/core-bridge
if [ -d "$bridge/releases" ]; then
  keep="$(uname -m)-unknown-linux-gnu"
  find "$bridge/releases" -mindepth 1 -maxdepth 1 ! -name "$keep" -exec rm -rf {} +
  rm -rf "$bridge/sdk-core" "$bridge/src"
fi
find node_modules -name '*.md' -type f -delete
find node_modules -name '*.d.ts' -type f -delete
find node_modules -name '*.map' -type f -delete
