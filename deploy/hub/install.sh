#!/usr/bin/env bash
# Installs a StudySpot hub release on Raspberry Pi OS 64-bit (Debian bookworm, arm64), as root:
#
#   sudo ./install.sh studyspot-hub-<version>.tgz
#
# Node.js 20 (NodeSource) when the machine has no Node 20+, the `studyspot` service user (in the
# dialout and gpio groups), /etc/studyspot/hub.json (written once, never overwritten),
# /var/lib/studyspot (data), /var/log/studyspot (log file), the release under
# /opt/studyspot/hub/releases with /opt/studyspot/hub/current pointing at it, the
# `studyspot-hub` command, the systemd unit and its health-probe timer, and log rotation. Running
# it again is safe: it changes nothing that is already right. Upgrades: upgrade.sh. ADR 0019.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=release-lib.sh
. "$HERE/release-lib.sh"

NODE_MAJOR=20

[[ $# -eq 1 ]] || {
  echo "usage: sudo $0 <studyspot-hub-<version>.tgz>" >&2
  exit 2
}
require_root "$@"
TARBALL="$(readlink -f "$1")"

check_platform() {
  [[ "$(uname -m)" == aarch64 ]] || warn "this is $(uname -m), not a 64-bit Raspberry Pi OS (aarch64); continuing"
  if [[ -r /etc/os-release ]]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    [[ "${ID:-}" == debian || "${ID:-}" == raspbian || "${ID_LIKE:-}" == *debian* ]] || warn "not a Debian-based system (${ID:-unknown})"
  fi
}

ensure_packages() {
  local missing=()
  for pkg in curl ca-certificates gnupg logrotate; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if (($(node_major) >= NODE_MAJOR)); then
    log "Node.js $(node --version) is installed"
    return
  fi
  log "installing Node.js $NODE_MAJOR from NodeSource (Debian's own is too old)"
  install -d -m 0755 /etc/apt/keyrings
  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg
  echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_$NODE_MAJOR.x nodistro main" >/etc/apt/sources.list.d/nodesource.list
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs
  (($(node_major) >= NODE_MAJOR)) || die "Node.js $NODE_MAJOR+ is still missing after the install"
}

ensure_user() {
  if ! getent passwd "$SERVICE_USER" >/dev/null; then
    log "creating the service user $SERVICE_USER"
    useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
  fi
  for group in dialout gpio; do
    if getent group "$group" >/dev/null; then usermod -aG "$group" "$SERVICE_USER"; fi
  done
}

ensure_dirs() {
  install -d -o root -g "$SERVICE_USER" -m 0750 "$CONFIG_DIR"
  install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$DATA_DIR" "$DATA_DIR/backups" "$LOG_DIR"
  install -d -o root -g root -m 0755 "$RELEASES"
}

ensure_config() {
  if [[ -f "$CONFIG_DIR/hub.json" ]]; then
    log "keeping the existing $CONFIG_DIR/hub.json"
  else
    install -o root -g "$SERVICE_USER" -m 0640 "$1/deploy/hub.json.example" "$CONFIG_DIR/hub.json"
    log "wrote $CONFIG_DIR/hub.json (edit it, or: sudo studyspot-hub config set <key> <value>)"
  fi
}

install_system_files() {
  local release="$1"
  install -m 0755 "$release/deploy/studyspot-hub" /usr/local/bin/studyspot-hub
  install -m 0644 "$release/deploy/studyspot-hub.service" "$release/deploy/studyspot-hub-watchdog.service" \
    "$release/deploy/studyspot-hub-watchdog.timer" /etc/systemd/system/
  install -m 0644 "$release/deploy/logrotate" /etc/logrotate.d/studyspot-hub
  systemctl daemon-reload
}

check_platform
ensure_packages
ensure_node
ensure_user
ensure_dirs
RELEASE="$(unpack_release "$TARBALL")"
ensure_config "$RELEASE"
switch_to "$RELEASE"
install_system_files "$RELEASE"
log "starting the hub"
systemctl enable --now studyspot-hub.service studyspot-hub-watchdog.timer
studyspot-hub status || true
cat <<MSG

The hub is installed and running (sudo studyspot-hub doctor checks it). Next:
  1. pair it with the library:  sudo studyspot-hub pair <code> --cloud https://<cloud>
                                 sudo systemctl restart studyspot-hub
  2. add its devices:            sudo studyspot-hub devices add <id> --kind lock
     and bind them in /etc/studyspot/hub.json (drivers.devices), then restart the hub.
MSG
