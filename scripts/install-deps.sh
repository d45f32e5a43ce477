#!/usr/bin/env bash
# What the tests drive for real, installed only when missing. System packages (as root, via apt; otherwise
# says what to run): Debian's Chromium (browser clients, HTML report rendering), nginx and HAProxy (proxy
# mode). PowerShell (the run.ps1 tests): a pinned .NET tool in .build/tools, no root needed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# 7.6.x runs on .NET 10; a later 7.7 may want .NET 11. The tests look in .build/tools first, then on PATH.
pwsh_version=7.6.9
if [ ! -x "$root/.build/tools/pwsh" ] && ! command -v pwsh >/dev/null 2>&1; then
  if ! dotnet tool install --tool-path "$root/.build/tools" PowerShell --version "$pwsh_version" > /dev/null; then
    echo "could not install PowerShell: dotnet tool install --tool-path .build/tools PowerShell --version $pwsh_version; the run.ps1 tests will fail until it is installed" >&2
  fi
fi

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
