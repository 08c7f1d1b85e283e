#!/bin/sh
# Installs the versions package-lock.json pins. npm ci first; when it refuses a lock written
# against a registry that does not serve other platforms' optional binaries (they are then
# missing from the lock), npm install with the same lock installs the same versions.
# usage: npm-install-locked [npm flags]
set -eu
npm ci --no-audit --no-fund --ignore-scripts "$@" || npm install --no-audit --no-fund --ignore-scripts "$@"
