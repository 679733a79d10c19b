/**
 * The JobsList island: its code is in components/compose_page/JobsList.tsx, reached
 * through components/compose_page/islands.ts with the other islands of /dashboard (Compose),
 * so their code is one chunk (docs/dashboard.md#budget).
 * @module
 */
export { JobsList as default } from "../components/compose_page/islands.ts";
export type { JobsListProps } from "../components/compose_page/JobsList.tsx";
