#!/usr/bin/env sh
# Installs the system packages Embed Console needs on Debian or Ubuntu, skipping those already
# there: libsecret (keytar's prebuilt binary links to it, and a source build needs its headers), and gnome-keyring + D-Bus for the tests' private
# keychain, and Chromium for the end-to-end tests. Elsewhere (macOS, Windows) the OS keychain is built in and this does nothing.
set -eu

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; nothing to install."
  exit 0
fi

missing=""
for pkg in libsecret-1-dev gnome-keyring dbus chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "system-deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
