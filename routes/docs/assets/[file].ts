import { AppError } from "@/lib/errors.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

/** Swagger UI's files, served by us from the npm package: no CDN. */
const FILES: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=UTF-8",
  "swagger-ui.css": "text/css; charset=UTF-8",
};

export const handler: Handlers = {
  async GET(c) {
    const file = c.req.param("file") ?? "";
    // Own names only: "constructor" is a name every object inherits.
    const type = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
    if (!type) throw new AppError("not_found", "No such asset.");
    const bytes = await Deno.readFile(
      new URL(import.meta.resolve(`swagger-ui-dist/${file}`)),
    );
    return c.body(bytes, 200, {
      "Content-Type": type,
      "Cache-Control": "public, max-age=86400",
    });
  },
};
