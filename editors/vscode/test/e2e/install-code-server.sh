#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) from the npm registry into a cache folder and
# prints the path of its entry script. Reaches only the npm registry: the package's install
# scripts, which download a prebuilt ripgrep from GitHub, are skipped; ripgrep comes from the
# system (/usr/bin/rg) and the native modules are built here with node-gyp against the
# headers of the installed Node. A finished install leaves a stamp file, so a second run
# returns at once; an interrupted one is started again from scratch.
#
# Needs: node 20, npm, a C++ tool chain, rg, and the headers of libkrb5, libxkbfile,
# libsecret-1 and libx11 (editors/ci.sh installs them with apt-get).
#
# Usage: install-code-server.sh CACHE_FOLDER   (prints CACHE_FOLDER/.../out/node/entry.js)
set -euo pipefail

CODE_SERVER_VERSION=4.100.3

if [ $# -ne 1 ]; then
  echo "usage: $0 CACHE_FOLDER" >&2
  exit 2
fi
mkdir -p "$1"
cache=$(cd "$1" && pwd)/code-server-$CODE_SERVER_VERSION
package=$cache/node_modules/code-server
entry=$package/out/node/entry.js
stamp=$cache/.installed

if [ -f "$stamp" ] && [ -f "$entry" ]; then
  echo "$entry"
  exit 0
fi

for tool in node npm rg make g++ python3; do
  command -v "$tool" >/dev/null || { echo "install-code-server.sh: $tool is not installed" >&2; exit 2; }
done

# node-gyp takes the headers of the running Node when they are installed beside it (as
# Debian's and NodeSource's packages do), instead of downloading them from nodejs.org.
node_prefix=$(dirname "$(dirname "$(command -v node)")")
if [ -f "$node_prefix/include/node/common.gypi" ]; then
  export npm_config_nodedir=$node_prefix
fi
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# Everything goes to stderr: stdout carries only the entry path.
{
  rm -rf "$cache"
  mkdir -p "$cache"
  cd "$cache"
  echo '{ "name": "code-server-cache", "private": true }' >package.json
  echo "installing code-server@$CODE_SERVER_VERSION into $cache"
  npm install --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION"

  cd "$package/lib/vscode"
  npm install --omit=dev --ignore-scripts
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm rebuild node-pty kerberos native-watchdog @vscode/spdlog @parcel/watcher @vscode/deviceid
  ln -sfn node_modules node_modules.asar
  (cd extensions && npm install --omit=dev --ignore-scripts)

  cd "$cache"
  npm rebuild argon2
  # Its own config folder: code-server writes a config.yaml on every start.
  XDG_CONFIG_HOME=$cache/xdg node "$entry" --version
  date -u +%FT%TZ >"$stamp"
} >&2

echo "$entry"
