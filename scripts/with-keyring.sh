#!/usr/bin/env sh
# A test tool: runs a command inside a private, unlocked OS keychain (its own D-Bus session and
# a gnome-keyring whose files live in a temporary folder), so tests never touch the developer's
# own keychain. The folder goes on every exit, Ctrl-C and SIGTERM included. Where those programs
# are missing (macOS, Windows, a bare Linux), the command runs as is and keychain tests skip or,
# with EMBED_CONSOLE_REQUIRE_SYSTEM=1, fail.
set -eu

if [ -n "${EMBED_CONSOLE_IN_KEYRING:-}" ] || ! command -v dbus-run-session >/dev/null 2>&1 \
  || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec "$@"
fi

keyring_home=$(mktemp -d)
child=""
# Stops a process and everything it started, children first.
stop_tree() {
  for grandchild in $(pgrep -P "$1" 2>/dev/null); do stop_tree "$grandchild"; done
  kill -TERM "$1" 2>/dev/null || true
}
cleanup() {
  if [ -n "$child" ]; then
    # dbus-run-session does not pass a signal on to its command: stop them all.
    stop_tree "$child"
    wait "$child" 2>/dev/null || true
  fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export XDG_DATA_HOME="$keyring_home" EMBED_CONSOLE_IN_KEYRING=1
# In the background, so a signal reaches the trap at once (a shell waiting on a foreground child
# runs its traps only after the child ends); standard input handed on through fd 3, since a
# background command's own is /dev/null.
exec 3<&0
dbus-run-session -- sh -c '
  printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  # The daemon outlives the session unless stopped: find it by the name it holds on this bus
  # (which it may take a moment after starting).
  keyring=""
  for try in 1 2 3 4 5 6 7 8 9 10; do
    keyring=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
      org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk "/uint32/ { print \$2 }")
    [ -n "$keyring" ] && break
    sleep 0.1
  done
  trap "[ -n \"$keyring\" ] && kill \"$keyring\" 2>/dev/null" EXIT
  trap "exit 143" TERM
  status=0
  "$@" <&3 3<&- || status=$?
  exit "$status"' sh "$@" &
child=$!
status=0
wait "$child" || status=$?
child=""
exit "$status"
