// Every operation in the OpenAPI document gets an operationId (client generators and linters need one), derived from
// its method and path unless the route names its own: `POST /api/v1/approvals/{id}/actions` → `postApprovalsByIdActions`.
import type { OpenAPIHono } from '@hono/zod-openapi';

const word = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The derived id: unique because method and path together are. */
export function operationIdOf(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter((p) => p && p !== 'api' && !/^v\d+$/.test(p))
    .map((p) => (p.startsWith('{') ? `By${word(p.slice(1, -1))}` : p.split(/[-_]/).map(word).join('')));
  return method.toLowerCase() + parts.join('');
}

/** Fills in missing operationIds on the routes registered so far. */
export function addOperationIds(api: OpenAPIHono<any>): void {
  for (const d of api.openAPIRegistry.definitions) {
    if (d.type !== 'route') continue;
    const route = d.route as { method: string; path: string; operationId?: string };
    route.operationId ??= operationIdOf(route.method, route.path);
  }
}
