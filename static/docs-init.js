// Starts Swagger UI on the /docs page (an external file: the CSP allows no inline script).
globalThis.addEventListener("load", () => {
  const el = document.getElementById("swagger");
  // deno-lint-ignore no-undef
  SwaggerUIBundle({
    url: el.dataset.spec,
    dom_id: "#swagger",
    tryItOutEnabled: true,
    persistAuthorization: false,
    validatorUrl: null,
    onComplete: () => {
      el.dataset.rendered = "true";
    },
  });
  el.dataset.started = "true";
});
