/**
 * The DomainsCard island: its code is in components/settings_page/DomainsCard.tsx, reached
 * through components/settings_page/islands.ts with the other islands of /dashboard/settings,
 * so their code is one chunk (docs/dashboard.md#budget).
 * @module
 */
export { DomainsCard as default } from "../components/settings_page/islands.ts";
export type { DomainsCardProps } from "../components/settings_page/DomainsCard.tsx";
