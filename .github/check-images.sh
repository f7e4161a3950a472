#!/usr/bin/env bash
# The images deploy/k8s renders to must be ones release.yml pushes: ghcr.io/<owner>/<repo> (lower case) with
# :<release tag v*> | :<commit sha> | :latest for the JVM Deployment, the same with -native for Knative.
# On GitHub the repository comes from GITHUB_REPOSITORY; elsewhere ENCLAVE_IMAGE or the manifests' own default.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
expected=${ENCLAVE_IMAGE:-ghcr.io/enclave/enclave}
[[ -n ${GITHUB_REPOSITORY:-} ]] && expected=ghcr.io/${GITHUB_REPOSITORY,,}
release_tag='(v[0-9][0-9A-Za-z.+_-]*|[0-9a-f]{40}|latest)' # what release.yml pushes, before the -native suffix

failed=0
check() { # check <kustomization dir> <tag suffix>
  local dir=$1 suffix=$2 images image
  images=$(kubectl kustomize "$ROOT/$dir" | sed -n 's/^ *image: *//p' | sort -u)
  [[ -n $images ]] || { echo "$dir: renders no image"; failed=1; return; }
  while read -r image; do
    image=${image%%#*}
    image=${image//[\"\' ]/}
    if [[ ! $image =~ ^${expected//./\\.}:${release_tag}${suffix}$ ]]; then
      echo "$dir: $image is not pushed by release.yml (expected $expected:<v* | sha | latest>$suffix; set images: newName/newTag)"
      failed=1
    else
      echo "$dir: $image"
    fi
  done <<<"$images"
}

for overlay in "$ROOT"/deploy/k8s/overlays/*/; do
  overlay=${overlay%/}
  check "deploy/k8s/overlays/${overlay##*/}" ""
done
check deploy/k8s/knative -native
exit "$failed"
