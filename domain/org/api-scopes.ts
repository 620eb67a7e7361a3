// What an API key may do: the scopes a key is issued with and each REST route requires.
export const API_SCOPES = ['org:write', 'org:read', 'flows:write', 'budgets:read', 'budgets:write', 'requests:read', 'requests:write', 'approvals:act', 'webhooks:write', 'audit:read', 'expenses:read', 'expenses:write', 'trips:write', 'finance:read', 'finance:write', 'reception:read', 'reception:write', 'act-as'] as const;
/** One scope of an API key. */
export type ApiScope = (typeof API_SCOPES)[number];
