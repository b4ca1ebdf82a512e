#!/usr/bin/env bash
# Makes Debian's Chromium available for the dashboard's browser tests and sets FLOWSDK_CHROMIUM to its executable.
#
#   source .ci/chromium.sh            # exports FLOWSDK_CHROMIUM into this shell
#   eval "$(bash .ci/chromium.sh)"    # the same from a child process
#
# Installs the `chromium` package with apt-get only when no Chromium executable is found. The tests drive it headless
# through Playwright, pointed at this executable (Playwright's own browser download is not used); the browser binary
# itself is preferred over Debian's /usr/bin/chromium wrapper script. FLOWSDK_CHROMIUM set beforehand to an executable
# is kept. Running it again changes nothing.
# Safe to source: it never exits the calling shell and changes no shell options.

flowsdk_chromium_log() { echo "chromium.sh: $*" >&2; }

flowsdk_chromium_find() {
  local candidate
  for candidate in "${FLOWSDK_CHROMIUM:-}" /usr/lib/chromium/chromium /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

flowsdk_chromium_setup() {
  local path
  if ! path=$(flowsdk_chromium_find); then
    if [ "$(id -u)" -ne 0 ]; then
      flowsdk_chromium_log "Chromium is not installed and installing it needs root"; return 1
    fi
    flowsdk_chromium_log "installing chromium"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 || return 1
    path=$(flowsdk_chromium_find) || { flowsdk_chromium_log "no chromium executable after installing"; return 1; }
  fi

  FLOWSDK_CHROMIUM=$path
  export FLOWSDK_CHROMIUM
  flowsdk_chromium_log "ready: FLOWSDK_CHROMIUM=$FLOWSDK_CHROMIUM"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  flowsdk_chromium_setup
else
  flowsdk_chromium_setup || exit 1
  echo "export FLOWSDK_CHROMIUM='$FLOWSDK_CHROMIUM'"
fi
