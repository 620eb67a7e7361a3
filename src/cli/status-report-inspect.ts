// `status-report inspect FILE`: a pain.002 status report as one JSON object, reasons reduced to their codes.
import { readStatusReport, type XmlInput } from '../integrations/bank/iso20022/read/index.js';

/** The JSON object `status-report inspect` prints. */
export interface StatusReportSummary {
  readonly format: string;
  readonly originalMessageId: string;
  readonly groupStatus: string | null;
  /** Present only when the report gives group reasons. */
  readonly groupReasons?: readonly string[];
  readonly payments: readonly {
    readonly originalPaymentInformationId: string;
    readonly status: string | null;
    readonly reasons: readonly string[];
    readonly transactions: readonly { readonly originalEndToEndId: string | null; readonly status: string | null; readonly reasons: readonly string[] }[];
  }[];
}

/** Reads a pain.002 and shapes it for printing. Throws Iso20022ReadError as the reader does. */
export async function inspectStatusReport(input: XmlInput): Promise<StatusReportSummary> {
  const report = await readStatusReport(input);
  return {
    format: report.version,
    originalMessageId: report.originalMessageId,
    groupStatus: report.groupStatus ?? null,
    ...(report.groupReasons.length > 0 && { groupReasons: report.groupReasons.map((r) => r.code) }),
    payments: report.payments.map((p) => ({
      originalPaymentInformationId: p.originalPaymentInformationId,
      status: p.status ?? null,
      reasons: p.reasons.map((r) => r.code),
      transactions: p.transactions.map((t) => ({
        originalEndToEndId: t.originalEndToEndId ?? null,
        status: t.status ?? null,
        reasons: t.reasons.map((r) => r.code),
      })),
    })),
  };
}
