/**
 * The boot script, the entry a page with islands loads: `revive` hydrates
 * its islands (revive.ts). It is named through components/shared_chunk.ts,
 * so the boot reaches what every island reaches and its code is in the one
 * chunk of Preact and the shared helpers: every page with an island loads
 * that chunk anyway, and one file compresses better than two and drops the
 * imports between them (docs/dashboard.md#budget).
 * @module
 */
export { revive } from "../../components/shared_chunk.ts";
