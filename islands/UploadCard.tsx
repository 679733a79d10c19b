/**
 * The UploadCard island: its code is in components/compose_page/UploadCard.tsx, reached
 * through components/compose_page/islands.ts with the other islands of /dashboard (Compose),
 * so their code is one chunk (docs/dashboard.md#budget).
 * @module
 */
export { UploadCard as default } from "../components/compose_page/islands.ts";
export type { UploadCardProps } from "../components/compose_page/UploadCard.tsx";
