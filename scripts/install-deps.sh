#!/usr/bin/env bash
# System packages the tests drive for real: Debian's Chromium (browser clients, HTML report rendering),
# nginx and HAProxy (proxy mode). Installed only when missing and only as root; otherwise says what to run.
set -uo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v setsid >/dev/null 2>&1 || need+=(util-linux)
[ "${#need[@]}" -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "missing: ${need[*]} — install them (Debian: sudo apt-get install -y ${need[*]}); the tests that drive them will fail until then" >&2
fi
