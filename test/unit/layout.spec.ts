import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Folders (recursively) holding spec files under `dir`, relative to it. */
function specFolders(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const name of readdirSync(join(dir, prefix))) {
    const relative = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, relative)).isDirectory()) found.push(...specFolders(dir, relative));
    else if (name.endsWith('.spec.ts') && prefix) found.push(prefix);
  }
  return [...new Set(found)];
}

/** Where a test folder's code lives: `main` is src/main.ts, `scripts` the top-level scripts folder. */
function sourceOf(folder: string): string | undefined {
  if (folder === 'main') return existsSync(join(root, 'src', 'main.ts')) ? 'src/main.ts' : undefined;
  if (folder === 'scripts' || folder.startsWith('scripts/'))
    return existsSync(join(root, folder)) ? folder : undefined;
  return existsSync(join(root, 'src', folder)) ? `src/${folder}` : undefined;
}

describe('the test tree mirrors the source tree', () => {
  it.each(['unit', 'integration'])(
    'every folder of test/%s names a folder of src (or scripts, or main)',
    (project) => {
      const orphans = specFolders(join(root, 'test', project)).filter((folder) => !sourceOf(folder));
      expect(orphans).toEqual([]);
    },
  );
});
