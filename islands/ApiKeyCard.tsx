/**
 * The ApiKeyCard island: its code is in components/settings_page/ApiKeyCard.tsx, reached
 * through components/settings_page/islands.ts with the other islands of /dashboard/settings,
 * so their code is one chunk (docs/dashboard.md#budget).
 * @module
 */
export { ApiKeyCard as default } from "../components/settings_page/islands.ts";
export type { ApiKeyCardProps } from "../components/settings_page/ApiKeyCard.tsx";
