#!/usr/bin/env bash
# Starts Debian's clickhouse-server (18.16) on loopback in the background for the ClickHouse HTTP transport tests
# and waits until it answers. Installs it with apt when missing. Idempotent: does nothing when a server already
# answers on the port. Prints the URL to export as YARDSTICK_CLICKHOUSE_URL.
#   CLICKHOUSE_HTTP_PORT (default 18123), CLICKHOUSE_TCP_PORT (19000), CLICKHOUSE_DIR (/tmp/yardstick-clickhouse)
# Stop it with: kill "$(cat "$CLICKHOUSE_DIR/server.pid")"
set -euo pipefail
HTTP_PORT="${CLICKHOUSE_HTTP_PORT:-18123}"
TCP_PORT="${CLICKHOUSE_TCP_PORT:-19000}"
DIR="${CLICKHOUSE_DIR:-/tmp/yardstick-clickhouse}"
URL="http://127.0.0.1:${HTTP_PORT}"
# prints the server's version when it answers (node's fetch: no curl needed)
version() {
  node -e "fetch(process.argv[1] + '/?query=SELECT%20version()').then(async (r) => {
    if (!r.ok) process.exit(1); process.stdout.write((await r.text()).trim());
  }).catch(() => process.exit(1))" "$URL" 2>/dev/null
}

if v="$(version)"; then
  echo "clickhouse-server $v already answers at $URL"
  exit 0
fi
if ! command -v clickhouse-server >/dev/null 2>&1 && [ ! -x /usr/sbin/clickhouse-server ]; then
  echo "installing clickhouse-server (apt)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq clickhouse-server >/dev/null
fi
BIN="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"
USERS=/etc/clickhouse-server/users.xml

mkdir -p "$DIR/data" "$DIR/tmp" "$DIR/user_files" "$DIR/format_schemas" "$DIR/log"
cat >"$DIR/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>$DIR/log/server.log</log>
    <errorlog>$DIR/log/server.err.log</errorlog>
    <size>10M</size>
    <count>2</count>
  </logger>
  <http_port>$HTTP_PORT</http_port>
  <tcp_port>$TCP_PORT</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <max_connections>256</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>50</max_concurrent_queries>
  <uncompressed_cache_size>8589934592</uncompressed_cache_size>
  <mark_cache_size>536870912</mark_cache_size>
  <path>$DIR/data/</path>
  <tmp_path>$DIR/tmp/</tmp_path>
  <user_files_path>$DIR/user_files/</user_files_path>
  <format_schema_path>$DIR/format_schemas/</format_schema_path>
  <users_config>$USERS</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
</yandex>
XML

nohup "$BIN" --config-file="$DIR/config.xml" >"$DIR/log/stdout.log" 2>&1 &
echo $! >"$DIR/server.pid"
for _ in $(seq 1 60); do
  if v="$(version)"; then
    echo "clickhouse-server $v answers at $URL (pid $(cat "$DIR/server.pid"))"
    echo "export YARDSTICK_CLICKHOUSE_URL=$URL"
    exit 0
  fi
  sleep 0.5
done
echo "clickhouse-server did not answer at $URL within 30 s; log:" >&2
tail -20 "$DIR/log/server.err.log" "$DIR/log/stdout.log" >&2 || true
exit 1
