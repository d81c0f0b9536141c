#!/usr/bin/env bash
# Shared by install.sh and upgrade.sh (sourced, not run): where releases live and how one is
# unpacked, given its native modules, and made current. ADR 0019.
#
#   /opt/studyspot/hub/releases/<version>/   dist/ (the two bundles, the apps), deploy/, node_modules/
#   /opt/studyspot/hub/current -> releases/<version>     (switched atomically)

PREFIX=/opt/studyspot/hub
RELEASES="$PREFIX/releases"
CURRENT="$PREFIX/current"
SERVICE_USER=studyspot
DATA_DIR=/var/lib/studyspot
LOG_DIR=/var/log/studyspot
CONFIG_DIR=/etc/studyspot

log() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

require_root() {
  [[ $EUID -eq 0 ]] || die "run as root: sudo $0 $*"
}

# unpack_release <release.tgz>: unpacks into $RELEASES/<version>, installs the native modules for
# this machine (better-sqlite3, argon2, serialport, onoff: prebuilt arm64 binaries from npm), and
# prints the directory. A release already unpacked is reused.
unpack_release() {
  local tarball="$1" tmp name version dir
  [[ -f "$tarball" ]] || die "no release file $tarball"
  tmp="$(mktemp -d)"
  tar -xzf "$tarball" -C "$tmp"
  name="$(ls "$tmp")"
  [[ -f "$tmp/$name/VERSION" && -f "$tmp/$name/dist/studyspot-hub.mjs" ]] || die "$tarball is not a hub release (no VERSION or dist/)"
  version="$(cat "$tmp/$name/VERSION")"
  dir="$RELEASES/$version"
  if [[ -d "$dir" ]]; then
    rm -rf "$tmp"
    log "release $version is already unpacked in $dir" >&2
  else
    mkdir -p "$RELEASES"
    mv "$tmp/$name" "$dir"
    rm -rf "$tmp"
    log "installing the native modules of $version (npm)" >&2
    (cd "$dir" && npm install --omit=dev --no-audit --no-fund --loglevel=error >&2) || {
      rm -rf "$dir"
      die "npm install failed for $version"
    }
    chown -R root:root "$dir"
    chmod -R go-w "$dir"
  fi
  printf '%s\n' "$dir"
}

# switch_to <release dir>: points $CURRENT at it in one rename.
switch_to() {
  ln -sfn "$1" "$CURRENT.new"
  mv -T "$CURRENT.new" "$CURRENT"
  log "current release: $(basename "$1")"
}

# prune_releases: keeps the current release and the two before it.
prune_releases() {
  local current old
  current="$(readlink -f "$CURRENT")"
  # shellcheck disable=SC2012 # release names have no spaces; ls -t orders by install time
  ls -1td "$RELEASES"/*/ 2>/dev/null | sed 's:/$::' | grep -vxF "$current" | tail -n +3 | while read -r old; do
    log "removing old release $(basename "$old")"
    rm -rf "$old"
  done
}
