export { readStatementEvents, readStatements, type StatementEvent } from './read-statements.js';
export { readStatusReport } from './read-status-report.js';
export { Iso20022ReadError, type ReadErrorReason } from './read-error.js';
export type { XmlInput } from './xml-input.js';
