#!/usr/bin/env bash
# Schedule a post of an uploaded video, then list the scheduled jobs.
# Usage: PM3K_BASE_URL=https://pm3k.org PM3K_KEY=pm3k_... ./schedule.sh SOURCE_URL "Caption" 2026-12-01T12:30:00Z
set -euo pipefail
auth="Authorization: Bearer $PM3K_KEY"
curl -sS -X POST "$PM3K_BASE_URL/api/jobs" -H "$auth" -H "Content-Type: application/json" \
  -d "{\"kind\": \"tiktok\", \"run_at\": \"$3\", \"source_url\": \"$1\", \"title\": \"$2\"}"
echo
curl -sS -X GET "$PM3K_BASE_URL/api/jobs?limit=20" -H "$auth"
echo
