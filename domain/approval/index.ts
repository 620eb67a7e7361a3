// Public API of the approval workflow engine.
export * from './approval.types.js';
export * from './flow.schema.js';
export * from './instance.schema.js';
export * from './conditions.js';
export * from './resolve-approvers.js';
export * from './events.js';
export { approvedBy, currentAssignees, currentStepState, progress, undecided } from './instance-state.js';
export * from './start-instance.js';
export * from './decide.js';
export * from './lifecycle.js';
export * from './timeouts.js';
export * from './request-number.js';
