#!/usr/bin/env bash
# Lighthouse 12 on the built site, as the README reports it (a benchmark, not a test).
# Needs Node.js and Debian's chromium; installs lighthouse@12 into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8767}
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
npm install --prefix "$work/lh" --no-audit --no-fund --silent lighthouse@12
python3 -m invoke preview --siteurl "http://127.0.0.1:$port/repo"
mkdir -p "$work/site" && cp -r output "$work/site/repo"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
sleep 1
first_event=$(ls events | head -n 1 | sed 's/\.yaml$//')
for page in "repo/" "repo/events/$first_event/"; do
  CHROME_PATH=${TIMELINE_CHROMIUM:-/usr/bin/chromium} "$work/lh/node_modules/.bin/lighthouse" \
    "http://127.0.0.1:$port/$page" --quiet --output=json --output-path="$work/report.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"
  python3 - "$work/report.json" "$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
print(f"{sys.argv[2]}: {scores}, CLS {cls}")
PY
done
