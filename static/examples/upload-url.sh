#!/usr/bin/env bash
# Have PM3K fetch a public URL (a direct download such as an S3 presigned link,
# or a Google Drive or Dropbox file share link, fetched in its download form)
# into an upload; prints the upload, whose "url" is the source_url to post
# (docs/api.md, "Uploads from a URL").
# Usage: PM3K_BASE_URL=https://pm3k.org PM3K_KEY=pm3k_... ./upload-url.sh "https://example.com/video.mp4"
set -euo pipefail

# A JSON string literal of $1: a URL may hold quotes or backslashes, which
# must not break the request body.
json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}
auth="Authorization: Bearer $PM3K_KEY"

answer=$(curl -sS -X POST "$PM3K_BASE_URL/api/uploads/from_url" -H "$auth" -H "Content-Type: application/json" \
  -d "{\"url\": $(json_string "$1")}")
echo "$answer"
case "$answer" in
  *'"ok":true'*) exit 0 ;;
  *) exit 1 ;;
esac
