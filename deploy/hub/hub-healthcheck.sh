#!/usr/bin/env bash
# Health probe of the StudySpot hub over its admin socket (ADR 0019): the same checks as GET
# /health (database answers a query, scheduler, MQTT broker listening), answered by the hub's own
# event loop — so a wedged process fails it too.
#
#   hub-healthcheck.sh              one probe; exit 0 healthy, 1 not
#   hub-healthcheck.sh --wait 60    probe until healthy, at most 60 s (ExecStartPost, upgrade.sh)
#   hub-healthcheck.sh --watchdog   one probe from the timer; 3 failures in a row restart the hub
#
# HUB_ADMIN_SOCKET overrides the socket (default /var/lib/studyspot/admin.sock, the default of a
# hub whose dataDir is /var/lib/studyspot).
set -euo pipefail

SOCKET="${HUB_ADMIN_SOCKET:-/var/lib/studyspot/admin.sock}"
UNIT=studyspot-hub.service
STATE=/run/studyspot-hub-watchdog.failures
RESTART_AFTER=3

probe() {
  local body
  body="$(curl --silent --show-error --fail --max-time 10 --unix-socket "$SOCKET" http://hub/health 2>&1)" || {
    echo "hub health: no answer on $SOCKET: $body" >&2
    return 1
  }
  case "$body" in
    '{"status":"ok"'*) return 0 ;;
    *)
      echo "hub health: $body" >&2
      return 1
      ;;
  esac
}

wait_healthy() {
  local deadline=$((SECONDS + $1))
  while ((SECONDS < deadline)); do
    if probe 2>/dev/null; then
      echo "hub healthy"
      return 0
    fi
    sleep 1
  done
  probe # one last time, with the reason on stderr
}

watchdog() {
  # a hub that is stopped on purpose, or still starting, is systemd's business, not ours
  if ! systemctl is-active --quiet "$UNIT"; then
    rm -f "$STATE"
    return 0
  fi
  if probe; then
    rm -f "$STATE"
    return 0
  fi
  local failures
  failures=$(($(cat "$STATE" 2>/dev/null || echo 0) + 1))
  echo "$failures" >"$STATE"
  if ((failures >= RESTART_AFTER)); then
    echo "hub failed $failures health probes in a row: restarting $UNIT" >&2
    rm -f "$STATE"
    systemctl restart "$UNIT"
  fi
}

case "${1:-}" in
  --wait) wait_healthy "${2:-60}" ;;
  --watchdog) watchdog ;;
  "") probe ;;
  *)
    echo "usage: $0 [--wait <seconds> | --watchdog]" >&2
    exit 2
    ;;
esac
