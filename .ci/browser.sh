#!/usr/bin/env bash
# CI: make sure the browser the end-to-end tests drive is on the machine: Debian's
# Chromium at /usr/bin/chromium, and a Korean font (fonts-nanum) so Hangul renders.
# Idempotent: installs nothing when both are there. Needs no input; as root it installs
# them from the system packages (a non-root user needs them installed already).
# Playwright's own browser download (`playwright install`) is never used.
set -euo pipefail

log() { printf '.ci/browser.sh: %s\n' "$*" >&2; }

have_font() { [ -d /usr/share/fonts/truetype/nanum ] || { command -v fc-list >/dev/null 2>&1 && fc-list :lang=ko family | grep -q .; }; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
have_font || missing+=(fonts-nanum)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        log "missing ${missing[*]} and this is not root: install them (apt-get install ${missing[*]}) and run again"
        exit 1
    fi
    log "installing ${missing[*]} from the system packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    apt-get install -y -qq "${missing[@]}" </dev/null >/dev/null
fi
log "browser: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium (version unknown)')"
