import type { PageProps } from "@/lib/http/app_types.ts";

/** API reference: Swagger UI over /api/openapi.json, with try-it by API key. */
export default function ApiReference({ serviceName }: PageProps) {
  return (
    <main class="wide">
      <h1>{serviceName} API reference</h1>
      <p>
        Generated from the same schemas that validate requests. Click{" "}
        <strong>Authorize</strong>{" "}
        and paste your API key to try calls here. New to {serviceName}? Read the
        {" "}
        <a href="/docs/guide">guide</a>. Workflow templates:{" "}
        <a href="/static/examples/n8n-pm3k-node.json">n8n (PM3K node)</a>,{" "}
        <a href="/static/examples/n8n-pm3k-node-link.json">
          n8n (PM3K node, from a link)
        </a>,{" "}
        <a href="/static/examples/n8n-direct-post.json">n8n (HTTP Request)</a>,
        {" "}
        <a href="/static/examples/make-direct-post.json">Make</a>,{" "}
        <a href="/static/examples/upload.sh">curl (upload a file)</a>,{" "}
        <a href="/static/examples/upload-url.sh">curl (upload from a URL)</a>,
        {" "}
        <a href="/static/examples/post.sh">curl (post)</a>,{" "}
        <a href="/static/examples/schedule.sh">curl (schedule)</a>.
      </p>
      <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
      <div id="swagger" data-spec="/api/openapi.json"></div>
      <script src="/docs/assets/swagger-ui-bundle.js"></script>
      <script src="/static/docs-init.js"></script>
    </main>
  );
}
