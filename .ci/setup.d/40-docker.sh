#!/usr/bin/env bash
# Docker engine for the container image test; busybox for the stand-in SDK image's shell, and clang with zlib's
# headers for its Native AOT toolchain (docker/stand-in copies them from this machine).
# Nothing is started here: the test runs its own dockerd (host network only, own data root and socket) and
# stops it. Debian's packaging would start a system daemon, so service starts are refused during the install.
set -euo pipefail

if command -v dockerd >/dev/null && [[ -x /usr/bin/docker ]] && [[ -x /bin/busybox ]] && command -v clang >/dev/null && [[ -e /usr/include/zlib.h ]]; then
  echo "docker: $(dockerd --version)"
  exit 0
fi

apt-get update -q
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  created_policy=1
fi
trap '[[ $created_policy == 1 ]] && rm -f "$policy"' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io busybox-static ca-certificates clang zlib1g-dev
echo "docker: $(dockerd --version)"
