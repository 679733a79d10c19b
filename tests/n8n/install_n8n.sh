#!/usr/bin/env bash
# Installs a real n8n (pinned) for tests/n8n/, into .cache/n8n (or
# $PM3K_N8N_DIR). Not part of `deno task test`: n8n takes 1.8 GB and about
# six minutes to install and build here; `deno task test:n8n` runs it.
#
# Why the flags: n8n 1.123 (the line that runs on Node 20; 2.x needs Node 24)
# pulls xlsx from cdn.sheetjs.com, outside the npm registry, so it is pinned
# to the registry's last xlsx; install scripts are skipped because optional
# native parts (Kafka, isolated-vm) need downloads from outside the registry;
# the one native part the CLI needs, sqlite3, is then built from source
# against the local Node headers.
set -euo pipefail
N8N_VERSION=1.123.81
here="$(cd "$(dirname "$0")" && pwd)"
dir="${PM3K_N8N_DIR:-$here/../../.cache/n8n}"
mkdir -p "$dir"
cd "$dir"
# The marker is written last: its presence means the install is whole.
if grep -qx "$N8N_VERSION" .installed 2>/dev/null; then
  echo "n8n $N8N_VERSION already installed in $dir"
  exit 0
fi
rm -f .installed
cat > package.json <<JSON
{
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
npm install --no-audit --no-fund --ignore-scripts --loglevel=error
cd node_modules/sqlite3
if [ ! -f build/Release/node_sqlite3.node ]; then
  nodedir=()
  if [ -f /usr/include/node/node.h ]; then nodedir=(--nodedir=/usr); fi
  node "$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js" rebuild \
    "${nodedir[@]}" -j "$(nproc)" > "$dir/sqlite3-build.log" 2>&1 ||
    { tail -20 "$dir/sqlite3-build.log"; exit 1; }
fi
cd "$dir"
echo "$N8N_VERSION" > .installed
echo "n8n $N8N_VERSION installed in $dir"
