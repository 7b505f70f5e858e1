export * from './dedupe-key';
export * from './planner';
export * from './policy';
export * from './quiet-hours';
export * from './reminder-diff';
export * from './types';
