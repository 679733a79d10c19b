#!/usr/bin/env bash
# Upload a video to PM3K, post it to TikTok, and poll its status.
# Usage: PM3K_BASE_URL=https://pm3k.org PM3K_KEY=pm3k_... ./post.sh video.mp4 "My caption"
set -euo pipefail
file="$1"; caption="$2"
poll_seconds="${PM3K_POLL_SECONDS:-15}"
# A JSON string literal of $1: captions may hold quotes, backslashes and new
# lines, which must not break the request body.
json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

# The type declared for the upload, from the file's extension (any case; tr,
# as macOS's bash 3.2 has no ${x,,}): the kinds of video TikTok takes.
case "$(printf '%s' "${file##*.}" | tr '[:upper:]' '[:lower:]')" in
  mp4) content_type="video/mp4" ;;
  mov) content_type="video/quicktime" ;;
  webm) content_type="video/webm" ;;
  *) echo "post.sh posts a video file ending .mp4, .mov or .webm; $file is none of them" >&2; exit 2 ;;
esac
size=$(wc -c < "$file")
auth="Authorization: Bearer $PM3K_KEY"

started=$(curl -sS -X POST "$PM3K_BASE_URL/api/uploads" -H "$auth" -H "Content-Type: application/json" \
  -d "{\"filename\": $(json_string "$(basename "$file")"), \"content_type\": \"$content_type\", \"size\": $size}")
# A refusal (plan size, uploads per day…) stops here with PM3K's answer.
case "$started" in *'"ok":true'*) ;; *) echo "$started"; exit 1 ;; esac
upload_url=$(echo "$started" | sed -E 's/.*"upload_url":"([^"]+)".*/\1/')
upload_id=$(echo "$started" | sed -E 's/.*"upload_id":"([^"]+)".*/\1/')
if ! put=$(curl -sS --fail-with-body -X PUT "$upload_url" -H "Content-Type: $content_type" --data-binary "@$file"); then
  echo "$put"; exit 1
fi
done=$(curl -sS -X POST "$PM3K_BASE_URL/api/uploads/$upload_id/complete" -H "$auth")
# Completion checks the video (a video PM3K takes, vertical 9:16…): a
# refusal stops here with PM3K's answer, not with a post of no URL.
case "$done" in *'"ok":true'*) ;; *) echo "$done"; exit 1 ;; esac
source_url=$(echo "$done" | sed -E 's/.*"url":"([^"]+)".*/\1/')

# SELF_ONLY (Only me): the one privacy a TikTok app takes until it passes
# TikTok's audit; once it has, change it to PUBLIC_TO_EVERYONE
# (docs/posting.md#unaudited-apps).
post=$(curl -sS -X POST "$PM3K_BASE_URL/api/tiktok/direct_post" -H "$auth" -H "Content-Type: application/json" \
  -H "Idempotency-Key: $(date +%s)-$upload_id" \
  -d "{\"source_url\": $(json_string "$source_url"), \"title\": $(json_string "$caption"), \"privacy\": \"SELF_ONLY\"}")
echo "$post"
publish_id=$(echo "$post" | sed -nE 's/.*"publish_id":"([^"]+)".*/\1/p')
[ -n "$publish_id" ] || exit 1

for _ in $(seq 1 20); do
  sleep "$poll_seconds"
  status=$(curl -sS -X POST "$PM3K_BASE_URL/api/tiktok/status" -H "$auth" -H "Content-Type: application/json" \
    -d "{\"publish_id\": \"$publish_id\"}")
  echo "$status"
  case "$status" in
    *'"state":"done"'*) exit 0 ;;
    *'"state":"failed"'*) exit 1 ;;
  esac
done
exit 1
