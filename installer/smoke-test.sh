#!/usr/bin/env bash
# Checks the installers that installer/build.sh made: the app-image's launcher answers
# --version, runs an admin command and `serve` (start, take a lead over HTTP, stop on SIGTERM
# with exit 0), and the .deb holds what a workstation needs, and its maintainer scripts put
# /usr/bin/leadwire on the PATH and take it away on removal. Fails loudly, never skips.
#
#   installer/smoke-test.sh TARGET_DIR VERSION
set -euo pipefail
target="$1"
version="$2"
app_version="${version%%-*}"
out="$target/installer"
launcher="$out/leadwire/bin/leadwire"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -9 "$server" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "installer smoke test FAILED: $*" >&2
  for f in "$work/serve.log" "$work/serve.err"; do [ -s "$f" ] && tail -20 "$f" >&2; done
  exit 1
}

echo "== launcher --version"
"$launcher" --version | tee "$work/version.txt"
grep -q "^leadwire $version\$" "$work/version.txt" || fail "--version did not print 'leadwire $version'"

echo "== admin command through the launcher"
"$launcher" vendor add "Smoke Test" --data-dir "$work/data" > "$work/vendor.txt"
key="$(grep -o 'lw_[A-Za-z0-9_-]*' "$work/vendor.txt" | head -1)"
[ -n "$key" ] || fail "vendor add printed no API key"

echo "== serve from a config file with JSON logs: start, POST a lead, stop"
printf 'data-dir=%s\nport=0\nlog-format=json\n' "$work/data" > "$work/leadwire.conf"
LEADWIRE_CONFIG="$work/leadwire.conf" "$launcher" serve > "$work/serve.log" 2> "$work/serve.err" &
server=$!
url=""
for _ in $(seq 1 120); do
  # JSON logs: the intake URL is the intake_url field of a log line, not a plain line.
  url="$(grep -o '"intake_url":"http://[^"]*"' "$work/serve.log" | head -1 | cut -d'"' -f4 || true)"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || fail "serve exited before it was ready"
  sleep 0.5
done
[ -n "$url" ] || fail "serve did not come up within 60 s"
status="$(curl -s -o "$work/ack.json" -w '%{http_code}' -X POST "$url" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  --data '{"lead_id":"SMOKE-1","first_name":"Ann","last_name":"Lee","email":"ann.lee@example.com","phone":"+14155550123","country":"US"}')"
[ "$status" = "202" ] || fail "intake answered $status, not 202: $(cat "$work/ack.json")"
base="${url%/api/v1/leads/intake}"
curl -sf "$base/api/v1/health" > "$work/health.json" || fail "health endpoint did not answer 200"
grep -q '"status"' "$work/health.json" || fail "health answer has no status: $(cat "$work/health.json")"
kill -TERM "$server"
for _ in $(seq 1 60); do kill -0 "$server" 2>/dev/null || break; sleep 0.5; done
kill -0 "$server" 2>/dev/null && fail "serve did not stop within 30 s of SIGTERM"
wait "$server" && code=0 || code=$?
server=""
[ "$code" = "0" ] || fail "serve exited with $code after SIGTERM, not 0"
grep -q '^{"ts":"[^"]*","level":"INFO",.*"message":"engine stopped[^"]*"}$' "$work/serve.log" \
  || fail "serve did not log a clean stop as a JSON line"
# With JSON logs every stdout line must be a JSON object (a log shipper reads them all).
grep -v '^{.*}$' "$work/serve.log" > "$work/not-json.txt" && fail "serve wrote lines that are not JSON: $(head -3 "$work/not-json.txt")"

echo "== .deb contents"
deb="$(ls "$out"/leadwire_"$app_version"-1_*.deb)"
dpkg-deb -c "$deb" | awk '{print $6}' > "$work/deb.txt"
for f in ./opt/leadwire/bin/leadwire ./opt/leadwire/lib/app/leadwire.jar ./opt/leadwire/lib/app/leadwire.cfg \
         ./opt/leadwire/lib/app/LICENSE.txt ./opt/leadwire/lib/leadwire-leadwire.desktop \
         ./opt/leadwire/lib/leadwire.png ./opt/leadwire/lib/leadwire.service ./opt/leadwire/lib/leadwire.conf \
         ./opt/leadwire/share/doc/copyright ./opt/leadwire/lib/runtime/lib/libjava.so; do
  grep -qx "$f" "$work/deb.txt" || fail "the .deb lacks $f"
done
grep -q '^./opt/leadwire/lib/app/lib/javafx-graphics-.*-linux.jar$' "$work/deb.txt" || fail "the .deb lacks JavaFX"
[ "$(dpkg-deb -f "$deb" Version)" = "$app_version-1" ] || fail "the .deb's version is not $app_version-1"
dpkg-deb -f "$deb" Depends | grep -q libgtk-3-0 || fail "the .deb does not depend on GTK 3 (JavaFX needs it)"
echo "== .deb maintainer scripts: the leadwire command on the PATH"
# Run postinst and prerm as dpkg would, with stand-ins for the only commands they call, which
# record their arguments instead of touching this system (PATH holds nothing else).
dpkg-deb -e "$deb" "$work/control"
mkdir "$work/stub"
for c in update-alternatives xdg-desktop-menu; do
  printf '#!/bin/sh\necho "%s $*" >> "%s"\n' "$c" "$work/calls.txt" > "$work/stub/$c"
  chmod +x "$work/stub/$c"
done
sh="$(command -v sh)"
maintainer() { : > "$work/calls.txt"; PATH="$work/stub" "$sh" "$work/control/$1" "${@:2}" || fail "$1 $2 failed"; }
maintainer postinst configure
grep -qx 'update-alternatives --install /usr/bin/leadwire leadwire /opt/leadwire/bin/leadwire 50' "$work/calls.txt" \
  || fail "postinst does not put /usr/bin/leadwire on the PATH: $(cat "$work/calls.txt")"
grep -q '^xdg-desktop-menu install ' "$work/calls.txt" || fail "postinst no longer installs the desktop entry"
maintainer prerm upgrade "$app_version-2"
grep -q '^update-alternatives' "$work/calls.txt" && fail "prerm upgrade removes /usr/bin/leadwire"
maintainer prerm remove
grep -qx 'update-alternatives --remove leadwire /opt/leadwire/bin/leadwire' "$work/calls.txt" \
  || fail "prerm remove leaves /usr/bin/leadwire behind: $(cat "$work/calls.txt")"
grep -q '^xdg-desktop-menu uninstall ' "$work/calls.txt" || fail "prerm no longer removes the desktop entry"
echo "installer smoke test passed: $deb"
