#!/usr/bin/env bash
# The PostgreSQL tests start their own private server (io.leadwire.testing.PostgresServer) from
# the Debian package's binaries. This makes sure the package is there, installing it when it is
# not; when that is impossible the build stops here and says why, rather than skipping tests.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  exit 0
fi
echo "PostgreSQL server binaries not found; installing the Debian package postgresql"
if [ "$(id -u)" != "0" ]; then
  echo "cannot install postgresql: not root. Install it (sudo apt-get install postgresql) and run again." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { echo "apt-get update failed: no package index, cannot install postgresql" >&2; exit 1; }
apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
  || { echo "apt-get install postgresql failed" >&2; exit 1; }
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
  || { echo "postgresql installed but no server binary under /usr/lib/postgresql/*/bin" >&2; exit 1; }
# The package starts a cluster of its own; the tests do not use it.
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for c in /etc/postgresql/*/main; do
    [ -d "$c" ] && pg_ctlcluster "$(basename "$(dirname "$c")")" main stop >/dev/null 2>&1 || true
  done
fi
echo "postgresql installed"
