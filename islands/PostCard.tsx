/**
 * The PostCard island: its code is in components/compose_page/PostCard.tsx, reached
 * through components/compose_page/islands.ts with the other islands of /dashboard (Compose),
 * so their code is one chunk (docs/dashboard.md#budget).
 * @module
 */
export { PostCard as default } from "../components/compose_page/islands.ts";
export type { PostCardProps } from "../components/compose_page/PostCard.tsx";
