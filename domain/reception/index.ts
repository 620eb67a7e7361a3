// Public surface of the reception module: visits' reception standards and their check, and invitation codes.
export * from './standards.js';
export * from './invitation.js';
