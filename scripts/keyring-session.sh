#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real gnome-keyring Secret Service,
# unlocked, in a throwaway HOME: `scripts/keyring-session.sh cargo test --test sync -- --ignored`.
# Needs the Debian packages dbus-daemon, gnome-keyring and libsecret-tools.
set -euo pipefail
# Cargo and rustup keep finding the toolchain and the registry once HOME moves.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export HOME="$keyring_home"
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR
status=0
dbus-run-session -- bash -c '
  eval "$(printf test-password | gnome-keyring-daemon --unlock --components=secrets)"
  # Wait until the daemon owns the name, or D-Bus would start a second, locked one.
  for _ in $(seq 50); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
      | grep -q "boolean true" && break
    sleep 0.1
  done
  "$@"
' keyring-session "$@" || status=$?
exit "$status"
