#!/usr/bin/env bash
# The images deploy/k8s renders to must be ones release.yml pushes: ghcr.io/<owner>/<repo> (lower case) with
# :<version> (pom.xml's, without -SNAPSHOT) for the JVM Deployment and Job, :<version>-native for Knative.
# ImageTagsTest checks the same files without kubectl in ./mvnw verify; this one checks what kustomize renders.
# On GitHub the repository comes from GITHUB_REPOSITORY; elsewhere ENCLAVE_IMAGE or the manifests' own default.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
expected=${ENCLAVE_IMAGE:-ghcr.io/enclave/enclave}
[[ -n ${GITHUB_REPOSITORY:-} ]] && expected=ghcr.io/${GITHUB_REPOSITORY,,}
version=$(sed -n '0,/<version>/s:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml")
release_tag=${version%-SNAPSHOT} # what release.yml pushes, before the -native suffix
[[ -n $release_tag ]] || { echo "no <version> in pom.xml"; exit 1; }

failed=0
check() { # check <kustomization dir> <tag suffix>
  local dir=$1 suffix=$2 images image
  images=$(kubectl kustomize "$ROOT/$dir" | sed -n 's/^ *image: *//p' | sort -u)
  [[ -n $images ]] || { echo "$dir: renders no image"; failed=1; return; }
  while read -r image; do
    image=${image%%#*}
    image=${image//[\"\' ]/}
    if [[ $image != "$expected:$release_tag$suffix" ]]; then
      echo "$dir: $image is not what release.yml pushes for this commit (expected $expected:$release_tag$suffix; set images: newName/newTag)"
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
