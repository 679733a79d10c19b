#!/usr/bin/env bash
# Schedule a post of an uploaded video, then list the scheduled jobs.
# Usage: PM3K_BASE_URL=https://pm3k.org PM3K_KEY=pm3k_... ./schedule.sh SOURCE_URL "Caption" 2026-12-01T12:30:00Z
set -euo pipefail

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
auth="Authorization: Bearer $PM3K_KEY"
# SELF_ONLY (Only me): the one privacy a TikTok app takes until it passes
# TikTok's audit; once it has, change it to PUBLIC_TO_EVERYONE
# (docs/posting.md#unaudited-apps).
job=$(curl -sS -X POST "$PM3K_BASE_URL/api/jobs" -H "$auth" -H "Content-Type: application/json" \
  -d "{\"kind\": \"tiktok\", \"run_at\": $(json_string "$3"), \"source_url\": $(json_string "$1"), \"title\": $(json_string "$2"), \"privacy\": \"SELF_ONLY\"}")
echo "$job"
# A refusal (a past run_at, a time the posting limits refuse…) stops here.
case "$job" in *'"ok":true'*) ;; *) exit 1 ;; esac
curl -sS -X GET "$PM3K_BASE_URL/api/jobs?limit=20" -H "$auth"
echo
