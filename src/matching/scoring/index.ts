export * from './distance';
export * from './eligibility';
export * from './matching-options';
export * from './matching-profiles';
export * from './ranking-factors';
export * from './score-candidate';
export * from './service-area';
