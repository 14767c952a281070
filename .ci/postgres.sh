#!/usr/bin/env bash
# A real PostgreSQL for the token store tests (tests/e2e/token-store-pg.test.ts, tests/unit/tokens/pg-*): installs
# Debian's postgresql package if missing, starts the cluster, and creates a role and a database owned by it (so
# the tap may create its table there, as it would in a database of its own). Idempotent.
# Prints one line on stdout, the URL for the tests; everything else goes to stderr. Use it as
#   export TAP_TEST_PG_URL="$(.ci/postgres.sh)" || exit 1
# Needs root (apt-get, and running commands as the postgres user).
set -euo pipefail
exec 3>&1 1>&2

ROLE=tap_test
DB=tap_test
# Not a secret worth keeping: a throwaway role on 127.0.0.1 of a CI machine. Long enough (>= 6 characters) for the
# tap to register it as a secret, which the tests check is never printed.
PASSWORD=tap-test-pg-secret-7c1e
PORT=${TAP_TEST_PG_PORT:-5432}

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres.sh: installing PostgreSQL from Debian's packages"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi

# The newest installed version, and its cluster (the package creates "main"; create it if it was removed).
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters --no-header | awk '{print $1" "$2}' | grep -qx "$version main"; then
  pg_createcluster "$version" main --port "$PORT"
fi
port=$(pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
if ! pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  echo "postgres.sh: starting PostgreSQL $version (cluster main, port $port)"
  # The server must not inherit this script's stdout or stderr: a caller reading them (`$(...)`, a pipe to tee)
  # would wait for the server to exit.
  log=$(mktemp)
  if ! pg_ctlcluster "$version" main start </dev/null >"$log" 2>&1 3>&-; then cat "$log"; rm -f "$log"; exit 1; fi
  rm -f "$log"
fi

# Wait until it accepts connections (a fresh start takes a moment); no fixed sleep.
for _ in $(seq 1 60); do
  if su postgres -c "psql -p $port -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 0.5
done

psql_admin() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt $*"; }
if [[ $(psql_admin "-c \"select 1 from pg_roles where rolname = '$ROLE'\"") != 1 ]]; then
  psql_admin "-c \"create role $ROLE login password '$PASSWORD'\""
else
  psql_admin "-c \"alter role $ROLE login password '$PASSWORD'\""
fi
if [[ $(psql_admin "-c \"select 1 from pg_database where datname = '$DB'\"") != 1 ]]; then
  psql_admin "-c \"create database $DB owner $ROLE\""
fi

url="postgresql://$ROLE:$PASSWORD@127.0.0.1:$port/$DB"
# Checked the way the tap connects: over TCP with the password.
PGPASSWORD=$PASSWORD psql -h 127.0.0.1 -p "$port" -U "$ROLE" -d "$DB" -qAtc 'select 1' >/dev/null
echo "postgres.sh: PostgreSQL ready at 127.0.0.1:$port, database $DB, role $ROLE"
echo "$url" >&3
