#!/usr/bin/env bash
# Builds the runner image as sandgate-runner:<version> and :latest.
#
#   runner-image/build.sh [--local-base] [--base IMAGE]
#
# Where no container registry answers (or with --local-base), a Debian bookworm
# base is made once with debootstrap and `docker import`, and reused after that.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

version=$(sed -n 's/.*@WithDefault("sandgate-runner:\([^"]*\)").*/\1/p' ../src/main/java/io/sandgate/sandbox/SandboxConfig.java 2>/dev/null | head -n1 || true)
version=${version:-dev}
image=${SANDGATE_RUNNER_IMAGE:-sandgate-runner}
local_base_image=sandgate-base:bookworm
base=""
force_local=false

while [ $# -gt 0 ]; do
  case "$1" in
    --local-base) force_local=true ;;
    --base) base=$2; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

make_local_base() {
  if have_image "$local_base_image"; then
    return
  fi
  command -v debootstrap >/dev/null || [ -x /usr/sbin/debootstrap ] || {
    echo "debootstrap is needed to make a base image (apt-get install debootstrap)" >&2; exit 1; }
  local mirror root
  mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  echo "making $local_base_image with debootstrap from $mirror" >&2
  PATH="/usr/sbin:$PATH" debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import - "$local_base_image" >/dev/null
  rm -rf "$root"
  trap - EXIT
}

if [ -z "$base" ]; then
  if ! $force_local && (have_image debian:bookworm-slim || timeout 60 docker pull -q debian:bookworm-slim >/dev/null 2>&1); then
    base=debian:bookworm-slim
  else
    make_local_base
    base=$local_base_image
  fi
fi

echo "building $image:$version from $base" >&2
out=$(mktemp)
if ! docker build --build-arg BASE_IMAGE="$base" -t "$image:$version" -t "$image:latest" . >"$out" 2>&1; then
  cat "$out" >&2
  rm -f "$out"
  exit 1
fi
rm -f "$out"
echo "$image:$version"
