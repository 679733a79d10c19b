#!/usr/bin/env bash
# Upload a video or an image to PM3K in one request and print the answer:
# its "url" is what a post takes as source_url (or in photo_images).
# Usage: PM3K_BASE_URL=https://pm3k.org PM3K_KEY=pm3k_... ./upload.sh FILE [ALBUM_ID]
set -euo pipefail
file="$1"; album_id="${2:-}"

# The media type PM3K checks the bytes against, from the file's extension.
case "$(echo "${file##*.}" | tr '[:upper:]' '[:lower:]')" in
  mp4) type=video/mp4 ;;
  mov) type=video/quicktime ;;
  webm) type=video/webm ;;
  jpg|jpeg) type=image/jpeg ;;
  webp) type=image/webp ;;
  *) echo "unknown file type: $file" >&2; exit 2 ;;
esac
# The file name as a query value (percent-encoded byte by byte).
urlencode() {
  local LC_ALL=C s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [a-zA-Z0-9._~-]) out+="$c" ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}
query="filename=$(urlencode "$(basename "$file")")"
[ -z "$album_id" ] || query="$query&album_id=$(urlencode "$album_id")"

answer=$(curl -sS -X POST "$PM3K_BASE_URL/api/uploads?$query" -H "Authorization: Bearer $PM3K_KEY" \
  -H "Content-Type: $type" --data-binary "@$file")
echo "$answer"
case "$answer" in *'"ok":true'*) exit 0 ;; *) exit 1 ;; esac
