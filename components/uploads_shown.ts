/**
 * How many of the newest uploads Compose's upload card lists: more would
 * push the composer a screen or more down; the page links to all of them
 * in Media (docs/dashboard.md#compose).
 * @module
 */
export const UPLOADS_SHOWN = 3;
