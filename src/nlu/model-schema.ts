// The JSON Schema sent to the model for structured output, and the step that turns its answer back into our shape.
// OpenAI strict mode wants every property listed as required, so "absent" is sent as null and removed on the way back;
// the result is then checked by the same zod schema the rule parser satisfies.
import { EXPENSE_CATEGORIES, INTENTS, TRANSPORTS } from '../../domain/nlu/index.js';
import { RECEPTION_TYPES, VISIT_RESOURCES, VISITOR_LEVELS, WEEKDAYS } from '../../domain/reception/index.js';

type JsonSchema = Record<string, unknown>;

const nullable = (type: 'string' | 'integer', description?: string): JsonSchema => ({ type: [type, 'null'], ...(description ? { description } : {}) });
const nullableEnum = (values: readonly string[]): JsonSchema => ({ type: ['string', 'null'], enum: [...values, null] });
const object = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});
const orNull = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

const money = object({
  minor: { type: 'integer', description: 'Integer in the minor unit: CNY/USD/EUR/HKD/TWD ×100, JPY ×1, KWD ×1000.' },
  currency: { type: 'string', description: 'ISO 4217 code, e.g. CNY.' },
});
const amount = orNull(money);
const date = nullable('string', 'YYYY-MM-DD');

/** `response_format.json_schema` for chat completions (strict). */
export const PARSED_REQUEST_JSON_SCHEMA = {
  name: 'parsed_request',
  strict: true,
  schema: object({
    intent: { type: 'string', enum: [...INTENTS] },
    trip: orNull(
      object({
        origin: nullable('string', 'City as written, without 市.'),
        destination: nullable('string', 'City as written, without 市.'),
        departDate: date,
        returnDate: date,
        transport: nullableEnum(TRANSPORTS),
        travellers: nullable('integer', 'How many people travel, the requester included.'),
        purpose: nullable('string'),
        estimatedAmount: amount,
      }),
    ),
    expense: orNull(
      object({
        category: { type: 'string', enum: [...EXPENSE_CATEGORIES] },
        amount,
        date,
        merchant: nullable('string'),
        description: nullable('string'),
      }),
    ),
    visit: orNull(
      object({
        visitorName: nullable('string'),
        company: nullable('string'),
        phone: nullable('string'),
        visitDate: date,
        startTime: nullable('string', 'HH:MM, 24-hour.'),
        headcount: nullable('integer', 'How many visitors in all (王强等2人 = 2; Wang Qiang and 2 colleagues = 3).'),
        purpose: nullable('string'),
        endTime: nullable('string', 'HH:MM, 24-hour, when the visit ends.'),
        resources: orNull({ type: 'array', items: { type: 'string', enum: [...VISIT_RESOURCES] } }),
        receptionTypes: orNull({ type: 'array', items: { type: 'string', enum: [...RECEPTION_TYPES] } }),
        estimatedAmount: amount,
        advanceAmount: orNull({ ...money, description: 'An advance (借款, cash advance) to the host asked for, not the estimate.' }),
        level: nullableEnum(VISITOR_LEVELS),
        recurrence: orNull(
          object({
            frequency: { type: 'string', enum: ['daily', 'weekly'] },
            interval: nullable('integer', 'Every n days or weeks; 2 for 隔周 / every other week.'),
            weekdays: orNull({ type: 'array', items: { type: 'string', enum: [...WEEKDAYS] } }),
            count: nullable('integer', 'How many visits in all, when said (共4次 = 4; every Tuesday for 4 weeks = 4).'),
            until: nullable('string', 'YYYY-MM-DD, the last day, when said (到12月20日).'),
          }),
        ),
      }),
    ),
  }),
} as const;

/** Removes null-valued keys at every depth (the model's way of saying "not given"). */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
  return out;
}
