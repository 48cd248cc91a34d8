#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code: code-server 4.100.3 (installed
# from npm into a cache folder on first use), headless Chromium driven by playwright-core, and
# the given codeward binary. Usage: editors/vscode/test/e2e/run.sh PATH/TO/codeward
#
# Environment:
#   CODEWARD_E2E_CACHE  where code-server is installed and screenshots and logs are written
#                       (default: target/vscode-e2e in the repository)
#   CODEWARD_VSIX       an already packaged extension; without it the extension is packaged here
#   CHROMIUM            the browser (default: /usr/bin/chromium, Debian's `chromium` package)
# Needs Node 20+, rg (ripgrep), chromium and a C++ tool chain with the headers of libkrb5,
# libxkbfile, libsecret-1 and libx11 (editors/ci.sh installs them with apt-get).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 PATH/TO/codeward" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
extension=$(cd "$here/../.." && pwd)
repo=$(cd "$extension/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ ! -x "$bin" ] || [ -d "$bin" ]; then
  echo "codeward binary not found or not executable: $1" >&2
  exit 2
fi
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "Chromium not found at $chromium: apt-get install chromium, or set CHROMIUM" >&2
  exit 2
fi
cache=${CODEWARD_E2E_CACHE:-$repo/target/vscode-e2e}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

started=$(date +%s)
entry=$("$here/install-code-server.sh" "$cache")
echo "code-server: $entry ($(( $(date +%s) - started )) s to install or find)"

cd "$extension"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
if [ -z "${CODEWARD_VSIX:-}" ]; then
  rm -f ./*.vsix
  npm run package >/dev/null
  CODEWARD_VSIX=$(ls "$extension"/*.vsix)
fi
echo "extension: $CODEWARD_VSIX; codeward: $bin; chromium: $("$chromium" --version 2>/dev/null)"

artifacts=$cache/artifacts
rm -rf "$artifacts"
status=0
CODE_SERVER_ENTRY=$entry CODEWARD_BIN=$bin CODEWARD_VSIX=$CODEWARD_VSIX CHROMIUM=$chromium \
CODEWARD_E2E_ARTIFACTS=$artifacts \
  timeout --kill-after=10 300 npm run --silent test:e2e || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "FAIL: the VS Code end-to-end test did not finish within 300 s; screenshots and logs: $artifacts" >&2
elif [ "$status" -ne 0 ]; then
  echo "FAIL: the VS Code end-to-end test; screenshots and logs: $artifacts" >&2
fi
echo "VS Code end-to-end: $(( $(date +%s) - started )) s in all"
exit "$status"
