/**
 * The islands of /dashboard (Compose), always rendered together: each island file
 * (islands/) names its component from here, so every one of them reaches
 * all their code and the bundler makes it one chunk, loaded by that page
 * only. One file compresses better than one per island, which each paid its
 * own gzip header and dictionary (docs/dashboard.md#budget).
 * @module
 */
export { default as JobsList } from "./JobsList.tsx";
export { default as PostCard } from "./PostCard.tsx";
export { default as PostsList } from "./PostsList.tsx";
export { default as UploadCard } from "./UploadCard.tsx";
