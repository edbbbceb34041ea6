#!/usr/bin/env sh
# Runs a command inside a private, unlocked OS keychain: its own D-Bus session and a
# gnome-keyring whose files live in a temporary folder thrown away afterwards. Tests therefore
# never touch the developer's own keychain. Where those programs are missing (macOS, Windows,
# a bare Linux), the command runs as is and keychain tests skip or, with
# EMBED_CONSOLE_REQUIRE_SYSTEM=1, fail.
set -eu

if [ -n "${EMBED_CONSOLE_IN_KEYRING:-}" ] || ! command -v dbus-run-session >/dev/null 2>&1 \
  || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec "$@"
fi

keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT INT TERM
export XDG_DATA_HOME="$keyring_home" EMBED_CONSOLE_IN_KEYRING=1
# Without exec so the trap still removes the keyring files when the command ends.
dbus-run-session -- sh -c '
  printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' sh "$@"
