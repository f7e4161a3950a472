#!/usr/bin/env bash
# GitHub-hosted runners only: start the runner's own PostgreSQL through ./enclave (roles, databases, sudo for the
# root-only steps), then trust loopback for every role, as the project's machines do: some tests connect as the
# `postgres` superuser without a password (TestDatabase.asSuperuser, RlsStartupGuardIT). The runner is thrown away
# after the job; never run this on a machine that is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ ${GITHUB_ACTIONS:-} == true ]] || { echo "only for GitHub-hosted runners" >&2; exit 2; }

./enclave up postgres
hba=$(sudo -n -u postgres psql -X -tAc 'show hba_file')
sudo -n sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
sudo -n -u postgres psql -X -tAc 'select pg_reload_conf()' >/dev/null
psql -X -w -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null
echo "PostgreSQL on :5432, loopback trusted"
