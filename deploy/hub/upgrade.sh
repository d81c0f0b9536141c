#!/usr/bin/env bash
# Upgrades an installed StudySpot hub to a new release, keeping its data and configuration:
#
#   sudo ./upgrade.sh studyspot-hub-<version>.tgz
#
# 1. unpack the new release beside the current one (the hub keeps running meanwhile);
# 2. take an online, verified backup of the database (abort here if it fails: nothing changed);
# 3. stop the hub, point /opt/studyspot/hub/current at the new release, run its migrations;
# 4. start it and wait until it is healthy (the unit's ExecStartPost health wait);
# 5. on any failure in 3-4: stop, point back at the old release, restore the backup (the old
#    schema), start the old hub, and exit 1 — the failed release stays for inspection.
# Old releases beyond the last three are removed. /etc/studyspot is never touched. ADR 0019.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=release-lib.sh
. "$HERE/release-lib.sh"

[[ $# -eq 1 ]] || {
  echo "usage: sudo $0 <studyspot-hub-<version>.tgz>" >&2
  exit 2
}
require_root "$@"
TARBALL="$(readlink -f "$1")"
[[ -L "$CURRENT" ]] || die "no hub installed at $CURRENT: use install.sh"

OLD="$(readlink -f "$CURRENT")"
NEW="$(unpack_release "$TARBALL")"
[[ "$NEW" != "$OLD" ]] || die "release $(basename "$NEW") is already the current one"
BACKUP="$DATA_DIR/backups/pre-upgrade-$(basename "$OLD")-$(date -u +%Y%m%dT%H%M%SZ).db"

log "backing up the database to $BACKUP"
studyspot-hub backup "$BACKUP"

rollback() {
  warn "the upgrade to $(basename "$NEW") failed: rolling back to $(basename "$OLD")"
  systemctl stop studyspot-hub || true
  switch_to "$OLD"
  studyspot-hub restore "$BACKUP" --force
  systemctl start studyspot-hub
  die "rolled back to $(basename "$OLD") with the database as it was before the upgrade; see journalctl -u studyspot-hub and studyspot-hub logs"
}

log "stopping the hub"
systemctl stop studyspot-hub
switch_to "$NEW"
# the units and the CLI wrapper may have changed with the release
install -m 0755 "$NEW/deploy/studyspot-hub" /usr/local/bin/studyspot-hub
install -m 0644 "$NEW/deploy/studyspot-hub.service" "$NEW/deploy/studyspot-hub-watchdog.service" \
  "$NEW/deploy/studyspot-hub-watchdog.timer" /etc/systemd/system/
install -m 0644 "$NEW/deploy/logrotate" /etc/logrotate.d/studyspot-hub
systemctl daemon-reload

log "migrating the database"
studyspot-hub migrate || rollback
log "starting $(basename "$NEW") and waiting until it is healthy"
systemctl start studyspot-hub || rollback
"$NEW/deploy/hub-healthcheck.sh" --wait 30 || rollback

prune_releases
log "upgraded $(basename "$OLD") -> $(basename "$NEW"); the pre-upgrade backup is $BACKUP"
studyspot-hub status || true
