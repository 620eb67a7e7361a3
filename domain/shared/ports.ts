// Time and identity are ports so that tests control them; the domain never reads the clock itself.

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique id; `prefix` names the kind of thing (`apr`, `req`, `bud`). */
  next(prefix: string): string;
}

/** A platform-neutral domain event, appended to the outbox by the use case that produced it. */
export interface DomainEvent<T extends string = string, P = Record<string, unknown>> {
  readonly type: T;
  readonly orgId: string;
  readonly subject: { readonly type: string; readonly id: string };
  readonly at: Date;
  readonly payload: P;
}
