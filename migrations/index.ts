import { Foundation1764300000000 } from './1764300000000-foundation';

/** Every migration, in order. Listed explicitly so the same list runs from source (tests) and from dist. */
export const MIGRATIONS = [Foundation1764300000000];
