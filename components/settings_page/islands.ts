/**
 * The islands of /dashboard/settings, always rendered together: each island file
 * (islands/) names its component from here, so every one of them reaches
 * all their code and the bundler makes it one chunk, loaded by that page
 * only. One file compresses better than one per island, which each paid its
 * own gzip header and dictionary (docs/dashboard.md#budget).
 * @module
 */
export { default as ApiKeyCard } from "./ApiKeyCard.tsx";
export { default as DomainsCard } from "./DomainsCard.tsx";
export { default as WebhookCard } from "./WebhookCard.tsx";
