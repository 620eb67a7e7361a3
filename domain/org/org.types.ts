// Organisations (tenants), departments, employees, roles and platform identities.

export const ROLES = ['employee', 'manager', 'finance', 'admin', 'reception', 'guard'] as const;
export type Role = (typeof ROLES)[number];

export const PLATFORMS = ['feishu', 'dingtalk', 'slack', 'web'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Which identifier of the platform this is: Feishu has open_id and union_id, DingTalk userId and unionId, Slack a user id. */
export const IDENTITY_KINDS = ['open_id', 'union_id', 'user_id', 'union_id_dingtalk', 'slack_user', 'web'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface Organisation {
  readonly id: string;
  readonly name: string;
  /** IANA time zone; dates typed by users are read in it. Default Asia/Shanghai. */
  readonly timeZone: string;
  readonly defaultCurrency: string;
}

export interface Department {
  /** Unique within the organisation; OA systems sync with their own ids. */
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly parentId: string | null;
  /** The employee who heads the department, when known. */
  readonly headId: string | null;
}

export interface Employee {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly email?: string | null;
  readonly mobile?: string | null;
  readonly departmentId: string;
  readonly managerId: string | null;
  readonly roles: readonly Role[];
  /** Job grade used by travel policy (higher = more senior). */
  readonly grade: number;
  readonly locale: 'zh-CN' | 'en';
  readonly active: boolean;
}

export interface PlatformIdentity {
  readonly orgId: string;
  readonly platform: Platform;
  /** The platform tenant the id lives in (Feishu tenant_key, DingTalk corpId, Slack team_id); '' or absent when unknown. */
  readonly tenant?: string;
  readonly kind: IdentityKind;
  readonly externalId: string;
  readonly employeeId: string;
}

/** Out-of-office delegation (代理): while active, the delegate acts for the delegator. */
export interface Delegation {
  readonly delegatorId: string;
  readonly delegateId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}
