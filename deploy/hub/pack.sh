#!/usr/bin/env bash
# Builds a hub release tarball on a development machine (not on the Pi):
#
#   deploy/hub/pack.sh [out-dir]      → <out-dir>/studyspot-hub-<version>.tgz (default hub/dist/release)
#
# It runs `npm run build` (typecheck, the two bundles, the kiosk and dashboard apps), then packs
# dist/, these deploy files and a package.json naming only the native modules the bundles load at
# run time, at the versions built here; install.sh/upgrade.sh run `npm install` for them on the Pi
# (arm64 prebuilds). ADR 0019.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/hub/dist/release}" && cd "${1:-$ROOT/hub/dist/release}" && pwd)"
cd "$ROOT"

npm run build
VERSION="$(node -p "require('./hub/package.json').version")"
STAGE="$(mktemp -d)/studyspot-hub-$VERSION"
mkdir -p "$STAGE/dist" "$STAGE/deploy"
cp hub/dist/studyspot-hub.mjs hub/dist/studyspot-hub.mjs.map hub/dist/studyspot-hub-cli.mjs hub/dist/studyspot-hub-cli.mjs.map "$STAGE/dist/"
if [[ -d hub/dist/apps ]]; then cp -r hub/dist/apps "$STAGE/dist/apps"; fi
cp deploy/hub/* "$STAGE/deploy/"
echo "$VERSION" >"$STAGE/VERSION"
node -e '
  const native = ["better-sqlite3", "@node-rs/argon2", "serialport", "onoff"];
  const dependencies = Object.fromEntries(native.map((n) => [n, require(`./node_modules/${n}/package.json`).version]));
  const pkg = { name: "studyspot-hub-release", version: process.argv[1], private: true, type: "module", dependencies };
  require("node:fs").writeFileSync(process.argv[2], JSON.stringify(pkg, null, 2) + "\n");
' "$VERSION" "$STAGE/package.json"
tar -C "$(dirname "$STAGE")" -czf "$OUT/studyspot-hub-$VERSION.tgz" "studyspot-hub-$VERSION"
rm -rf "$(dirname "$STAGE")"
echo "$OUT/studyspot-hub-$VERSION.tgz"
