// Reading inbound headers in whatever shape the HTTP layer gives them, for the platform verifiers.

/** Headers as Node (`IncomingHttpHeaders`), Hono (`c.req.header()`) or fetch (`Headers`) give them. */
export type InboundHeaders = Headers | Readonly<Record<string, string | string[] | undefined>>;

/** Reads a header case-insensitively (`name` in lower case) from any of the shapes in {@link InboundHeaders}. */
export function readHeader(headers: InboundHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | string[] | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}
