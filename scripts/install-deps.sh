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
  # the web UI: built with Node.js >= 18 (Debian 12's nodejs 18, Debian 13's 20, or
  # NodeSource's; npm is added below when missing), tested in Debian's Chromium (driven by
  # playwright-core from web/node_modules); Japanese fonts for true screenshots
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

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
apt_install() {
  echo "install-deps: installing $*"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

if ((${#missing[@]})); then
  apt_install "${missing[@]}"
fi

# Dovecot's Debian package starts a system-wide daemon; the tests run their own
# instances on free loopback ports and need nothing from it.

# npm: Debian's nodejs comes without it (Debian's own `npm` package); NodeSource's nodejs
# brings its own and conflicts with Debian's, so `npm` is installed only when missing.
if ! command -v npm >/dev/null 2>&1; then
  apt_install npm
fi

# The web UI's tools (Vite 6, TypeScript, playwright-core 1.61) run on Node.js 18 or newer.
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' 2>/dev/null; then
  echo "install-deps: the web UI needs Node.js >= 18 (Debian 12's nodejs is 18, Debian 13's 20); found $(node --version 2>&1 || echo 'no node')" >&2
  exit 1
fi
if ! npm --version >/dev/null 2>&1; then
  echo "install-deps: npm does not run with $(command -v node) $(node --version) (an npm newer than this Node.js?): $(npm --version 2>&1 | head -n 3)" >&2
  exit 1
fi
if [ -f web/package-lock.json ]; then
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then
    (cd web && npm ci --no-audit --no-fund)
  fi
fi
