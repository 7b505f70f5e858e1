import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/**
 * Amparo runs on Node 20 (README, `engines`, Dockerfile). A dependency that needs a newer Node makes `npm ci`
 * print EBADENGINE and may break at run time, so every package in the lock file must accept the oldest Node we
 * promise, and the Docker image must run a Node that `engines` accepts.
 */
const root = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[]; optional?: boolean }>;
};

describe('Node version', () => {
  const oldest = semver.minVersion(pkg.engines.node)!;

  it('engines promise Node 20', () => {
    expect(oldest.major).toBe(20);
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it('every locked dependency accepts the oldest Node the project promises', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => {
        const range = (p.engines as Record<string, string>).node;
        return semver.validRange(range) !== null && !semver.satisfies(oldest, range);
      })
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} needs node ${(p.engines as Record<string, string>).node}`);
    expect(refusing).toEqual([]);
  });

  it('the Docker image runs a Node that engines accept', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const majors = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(majors.length).toBeGreaterThan(0);
    for (const major of majors) expect(semver.intersects(`${major}.x`, pkg.engines.node)).toBe(true);
  });
});
