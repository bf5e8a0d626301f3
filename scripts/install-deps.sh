#!/usr/bin/env bash
# Installs what shopdesk needs to build, test and run, from Debian's packages and the
# npm registry only. Idempotent: does nothing when everything is present.
# With --fuzz, also what `make fuzz` needs (clang and libFuzzer); `make check` does not.
set -euo pipefail

packages=(
  # toolchain
  build-essential g++ cmake ninja-build ccache pkg-config clang-format git
  # libraries (see DESIGN.md "Chosen dependencies")
  libboost-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libpq-dev libgmime-3.0-dev
  libcurl4-openssl-dev libgumbo-dev libicu-dev libsodium-dev libspdlog-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # real peers for integration tests and benchmarks
  dovecot-imapd postgresql python3 python3-aiosmtpd wrk curl procps
  # the web UI: built with Node.js (which brings npm), tested in Debian's Chromium
  # (driven by playwright-core from web/node_modules); Japanese fonts for true screenshots
  nodejs chromium fonts-noto-cjk
  # gzip copies of the web UI (zlib)
  zlib1g-dev
)
if [ "${1:-}" = "--fuzz" ]; then
  # clang for the fuzz preset; libFuzzer and the sanitizer runtimes
  # (libclang_rt.fuzzer*.a) are in libclang-rt-14-dev, llvm-symbolizer in llvm-14.
  packages+=(clang-14 libclang-rt-14-dev llvm-14)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Dovecot's Debian package starts a system-wide daemon; the tests run their own
# instances on free loopback ports and need nothing from it.

# Vite needs Node.js 20.19 or newer (Debian 12's own nodejs is 18).
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)'; then
  echo "install-deps: the web UI needs Node.js >= 20.19 with npm; found $(node --version 2>&1)" >&2
  exit 1
fi
if [ -f web/package-lock.json ]; then
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then
    (cd web && npm ci --no-audit --no-fund)
  fi
fi
