export * from './assignment-plan';
export * from './max-value-assignment';
export * from './plan-types';
