import { it, expect } from 'vitest';
import { testApp } from '/work/main/test/helpers/app.js';
it('doc', async () => {
  const t = await testApp();
  const r = await t.app.request('/openapi.json');
  const d = await r.json() as any;
  console.log(r.status, JSON.stringify(d.paths['/api/v1/card-feeds/csv']).slice(0, 800));
  console.log(JSON.stringify(d.paths['/api/v1/trips/{id}'].get.responses['200']).slice(0, 300));
  await t.close();
});
