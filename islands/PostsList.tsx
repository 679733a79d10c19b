/**
 * The PostsList island: its code is in components/compose_page/PostsList.tsx, reached
 * through components/compose_page/islands.ts with the other islands of /dashboard (Compose),
 * so their code is one chunk (docs/dashboard.md#budget).
 * @module
 */
export { PostsList as default } from "../components/compose_page/islands.ts";
export type { PostsListProps } from "../components/compose_page/PostsList.tsx";
