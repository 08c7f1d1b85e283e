#!/bin/sh
# Entrypoint of the CLOS service images. ECS hands the database over in pieces (the password
# comes from Secrets Manager, so no finished URL can be written into the task definition) and
# the organisation's clos.yml as a value; this turns them into the DATABASE_URL and CLOS_CONFIG
# file the services read, then replaces itself with the command.
set -eu

if [ -z "${DATABASE_URL:-}" ] && [ -n "${DATABASE_HOST:-}" ]; then
  # URL-encoding the user and password is done by node's URL class, not by hand.
  DATABASE_URL="$(node -e '
    const e = process.env;
    const url = new URL("postgres://localhost");
    url.hostname = e.DATABASE_HOST;
    url.port = e.DATABASE_PORT || "5432";
    url.username = e.DATABASE_USER || "";
    url.password = e.DATABASE_PASSWORD || "";
    url.pathname = "/" + (e.DATABASE_NAME || "clos");
    url.searchParams.set("sslmode", e.DATABASE_SSLMODE || "verify-full");
    process.stdout.write(url.href);
  ')"
  export DATABASE_URL
  unset DATABASE_PASSWORD
fi

if [ -n "${CLOS_CONFIG_YAML:-}" ] && [ -z "${CLOS_CONFIG:-}" ]; then
  CLOS_CONFIG="${TMPDIR:-/tmp}/clos.yml"
  printf '%s\n' "$CLOS_CONFIG_YAML" > "$CLOS_CONFIG"
  export CLOS_CONFIG
  unset CLOS_CONFIG_YAML
fi

exec "$@"
