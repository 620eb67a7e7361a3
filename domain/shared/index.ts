export * from './result.js';
export * from './errors.js';
export * from './ports.js';
export * from './calendar-date.js';
export * from './clean-text.js';
