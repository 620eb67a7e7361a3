// The browsable API docs page: Swagger UI served from our own /docs/assets (no CDN), reading /openapi.json.

/** HTML of the docs page. The assets route is added by the Node entry (it reads them from swagger-ui-dist). */
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Spendbot API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#swagger-ui', deepLinking: true });</script>
</body></html>`;
}
