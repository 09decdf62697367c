#!/bin/sh
# `make test` runs the real-browser tests on Debian's chromium: install it when this machine
# can (root or password-less sudo, apt-get), else stop with what to do. Never skip them.
set -eu
[ -x /usr/bin/chromium ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
  echo "make test: installing Debian chromium for the browser tests" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && exit 0
fi
echo "make test: the browser tests need Debian chromium at /usr/bin/chromium." >&2
echo "  Install it (sudo apt-get install chromium) and run make test again." >&2
exit 1
