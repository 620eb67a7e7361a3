// REST: organisation sync from OA systems, and reading the organisation.
import { isCalendarDate } from '../../domain/shared/index.js';
import { callerOf } from './actor.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createDelegation } from '../usecases/delegations.js';
import { orgStructure, syncOrg } from '../usecases/org-sync.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, IdentityKindSchema, json, PlatformSchema, RoleSchema } from './schemas.js';
import { AccountIn } from './payments.routes.js';

const DepartmentIn = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  parentId: Id.nullable().default(null),
  headId: Id.nullable().default(null),
});

const EmployeeIn = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  email: z.string().email().nullable().optional(),
  mobile: z.string().regex(/^\+?[0-9 -]{5,20}$/).nullable().optional(),
  departmentId: Id,
  managerId: Id.nullable().default(null),
  roles: z.array(RoleSchema).default(['employee']),
  grade: z.number().int().min(0).max(99).default(1),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  active: z.boolean().default(true),
  identities: z
    .array(
      z.strictObject({
        platform: PlatformSchema,
        /** Feishu tenant_key, DingTalk corpId, Slack team_id; absent: the organisation's registered tenant on that platform (when it has one). */
        tenant: z.string().max(128).optional(),
        kind: IdentityKindSchema,
        externalId: z.string().min(1).max(128),
      }),
    )
    .max(10)
    .optional(),
  /** The employee's payout account, as the HR/OA system holds it (stored encrypted, shown masked). */
  bankAccount: AccountIn.optional(),
});

const DepartmentOut = z
  .object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), headId: z.string().nullable() })
  .openapi('Department', { example: { id: 'd_sales', name: '销售部 Sales', parentId: 'd_hq', headId: 'e_wangqiang' } });
const EmployeeOut = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable().optional(),
    mobile: z.string().nullable().optional(),
    departmentId: z.string(),
    managerId: z.string().nullable(),
    roles: z.array(z.string()),
    grade: z.number(),
    locale: z.string(),
    active: z.boolean(),
  })
  .openapi('Employee', {
    example: { id: 'e_zhangwei', name: '张伟', email: 'zhang.wei@galaxy.example', mobile: null, departmentId: 'd_sales', managerId: 'e_wangqiang', roles: ['employee'], grade: 3, locale: 'zh-CN', active: true },
  });

const SyncBody = z
  .strictObject({
    mode: z.enum(['upsert', 'full']).default('upsert'),
    departments: z.array(DepartmentIn).max(20_000).default([]),
    employees: z.array(EmployeeIn).max(100_000).default([]),
  })
  .openapi('OrgSync', {
    example: {
      mode: 'upsert',
      departments: [{ id: 'd_sales_east', name: '华东销售 Sales East', parentId: 'd_sales', headId: 'e_lina' }],
      employees: [
        {
          id: 'e_lina',
          name: '李娜',
          email: 'li.na@galaxy.example',
          mobile: '+86 138 0013 8000',
          departmentId: 'd_sales_east',
          managerId: 'e_wangqiang',
          roles: ['employee', 'manager'],
          grade: 4,
          locale: 'zh-CN',
          identities: [{ platform: 'feishu', kind: 'open_id', externalId: 'ou_7d8a6e6df7621556ce0d21922b676706' }],
          bankAccount: { holderName: '李娜', bankName: '中国工商银行上海分行', accountNumber: '6222 0202 0011 2230', cnaps: '102290002018' },
        },
      ],
    },
  });

const SyncResult = z
  .object({ departments: z.number(), employees: z.number(), identities: z.number(), deactivated: z.number(), accounts: z.number() })
  .openapi('OrgSyncResult', { example: { departments: 1, employees: 1, identities: 1, deactivated: 0, accounts: 1 } });

export function registerOrgRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/org/sync',
      tags: ['Organisation'],
      summary: 'Bulk upsert departments and employees from an OA system',
      description: 'The merged organisation must be a tree with no manager cycles; otherwise nothing is saved. `mode: full` deactivates employees missing from the payload.',
      middleware: [requireScope('org:write')] as const,
      request: { body: body(SyncBody) },
      responses: { 200: json(SyncResult, 'Applied'), ...errorResponses },
    }),
    async (c) => {
      const p = c.get('principal');
      const r = await syncOrg(deps, p.orgId, callerOf(p), c.req.valid('json'));
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json(r.value, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/org',
      tags: ['Organisation'],
      summary: 'Departments and employees of the organisation',
      middleware: [requireScope('org:read')] as const,
      responses: { 200: json(z.object({ departments: z.array(DepartmentOut), employees: z.array(EmployeeOut) }).openapi('OrgChart'), 'The organisation'), ...errorResponses },
    }),
    async (c) => {
      const org = await orgStructure(deps, c.get('principal').orgId);
      return c.json({ departments: org.departments.map(({ orgId: _o, ...d }) => d), employees: org.employees.map(({ orgId: _o, ...e }) => ({ ...e, roles: [...e.roles] })) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/delegations',
      tags: ['Organisation'],
      summary: 'Out-of-office delegation (代理)',
      description: 'While the window is open, approval steps that would be assigned to the delegator are assigned to the delegate, and history records on whose behalf they acted.',
      middleware: [requireScope('org:write')] as const,
      request: {
        body: body(
          z
            .strictObject({ delegatorId: Id, delegateId: Id, startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }) })
            .openapi('DelegationInput', { example: { delegatorId: 'e_wangqiang', delegateId: 'e_lina', startsAt: '2026-12-21T09:00:00+08:00', endsAt: '2026-12-25T18:00:00+08:00' } }),
        ),
      },
      responses: { 201: json(z.object({ id: z.string() }).openapi({ example: { id: 'dlg_0mhx3k2z8a000a1b2c3d4' } }), 'Created'), ...errorResponses },
    }),
    async (c) => {
      const p = c.get('principal');
      const b = c.req.valid('json');
      for (const field of ['startsAt', 'endsAt'] as const)
        if (!isCalendarDate(b[field].slice(0, 10))) return errorResponse(c, { code: 'VALIDATION.INVALID_DATE', message: `${field}: ${b[field]} is not a real date and time`, details: { field } });
      const r = await createDelegation(deps, p.orgId, callerOf(p), { ...b, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) });
      return r.ok ? c.json(r.value, 201) : errorResponse(c, r.error);
    },
  );
}
