/**
 * The WebhookCard island: its code is in components/settings_page/WebhookCard.tsx, reached
 * through components/settings_page/islands.ts with the other islands of /dashboard/settings,
 * so their code is one chunk (docs/dashboard.md#budget).
 * @module
 */
export { WebhookCard as default } from "../components/settings_page/islands.ts";
export type { WebhookCardProps } from "../components/settings_page/WebhookCard.tsx";
