#!/usr/bin/env bash
# Upload a file to PM3K in one request; prints the upload, whose "url" is the
# source_url to post (docs/api.md, "Uploads in one request").
# Usage: PM3K_BASE_URL=https://pm3k.org PM3K_KEY=pm3k_... ./upload.sh video.mp4
set -euo pipefail
file="$1"
auth="Authorization: Bearer $PM3K_KEY"

# The file goes as the "file" part of a multipart form: curl streams it, and
# PM3K judges its type by its bytes.
answer=$(curl -sS -X POST "$PM3K_BASE_URL/api/uploads" -H "$auth" -F "file=@$file")
echo "$answer"
case "$answer" in
  *'"ok":true'*) exit 0 ;;
  *) exit 1 ;;
esac
