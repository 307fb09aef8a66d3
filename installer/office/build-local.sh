#!/usr/bin/env bash
# Build the office image on a machine that reaches Debian's and PyPI's package mirrors but
# no container registry (as KIMdesk's development machines): the base image is made from
# Debian packages with debootstrap, then the Containerfile is built on it with podman.
# Needs root, debootstrap and podman (Debian packages). Usage: installer/office/build-local.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(python3 -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
base=localhost/kimdesk-base:bookworm
if ! podman image exists "$base"; then
  root=$(mktemp -d)
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm \
    "$root" http://deb.debian.org/debian >/dev/null
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | podman import - "$base" >/dev/null
  rm -rf "$root"
fi
# A TLS-intercepting proxy's CA (if this machine trusts one) and pip's settings are lent to
# the build steps only; nothing of them ends up in the image.
mounts=(-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro)
[ -f /etc/pip.conf ] && mounts+=(-v /etc/pip.conf:/etc/pip.conf:ro)
podman build --isolation=chroot --format docker --network host "${mounts[@]}" \
  --build-arg BASE="$base" -t "kimdesk-office:$version" -f installer/office/Containerfile .
echo "kimdesk-office:$version"
