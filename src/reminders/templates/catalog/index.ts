import { eng } from './eng';
import { fra } from './fra';
import { hat } from './hat';
import { por } from './por';
import { spa } from './spa';
import type { MessageCatalog } from './types';

/** Every written template language, keyed by ISO 639-3 code. Add a language: a file and a line here. */
export const CATALOGS = { eng, spa, por, fra, hat } satisfies Record<string, MessageCatalog>;

export type { MessageCatalog } from './types';
