#!/usr/bin/env bash
# Installs chdb (in-process ClickHouse 26.x, ~550 MB) for the ClickHouse engine tests only.
# It is NOT a runtime dependency: --no-save keeps it out of package.json and the lock file, and the product loads
# it with a dynamic import() only when the chdb transport is asked for. Run after `npm ci` (a later `npm install`
# or `npm ci` removes it again). Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
CHDB_VERSION="${CHDB_VERSION:-3.4.0}"
installed="$(node -p "try { require('./node_modules/chdb/package.json').version } catch { '' }" 2>/dev/null || true)"
if [ "$installed" = "$CHDB_VERSION" ] && node -e "require('chdb')" >/dev/null 2>&1; then
  echo "chdb $CHDB_VERSION already installed"
  exit 0
fi
start=$(date +%s)
npm install --no-save --no-audit --no-fund "chdb@$CHDB_VERSION"
node -e "const { query } = require('chdb'); console.log('chdb', '$CHDB_VERSION', 'ClickHouse', query('SELECT version()', 'CSV').trim())"
echo "chdb installed in $(( $(date +%s) - start )) s"
