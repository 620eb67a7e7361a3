// Public surface of the card feed module.
export * from './feed.types.js';
export * from './merchant.js';
export * from './match.js';
