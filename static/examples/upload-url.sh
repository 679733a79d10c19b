#!/usr/bin/env bash
# Have PM3K fetch a public URL (a direct download: Drive, Dropbox, S3
# presigned links…) into its storage and print the answer: its "url" is
# what a post takes as source_url (or in photo_images).
# Usage: PM3K_BASE_URL=https://pm3k.org PM3K_KEY=pm3k_... ./upload-url.sh URL [ALBUM_ID]
set -euo pipefail

# A JSON string literal of $1: a URL may hold quotes or backslashes.
json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}
album=""
[ -z "${2:-}" ] || album=", \"album_id\": $(json_string "$2")"

answer=$(curl -sS -X POST "$PM3K_BASE_URL/api/uploads/from_url" -H "Authorization: Bearer $PM3K_KEY" \
  -H "Content-Type: application/json" -d "{\"url\": $(json_string "$1")$album}")
echo "$answer"
case "$answer" in *'"ok":true'*) exit 0 ;; *) exit 1 ;; esac
