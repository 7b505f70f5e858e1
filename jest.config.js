// Two projects: `unit` is pure logic (no services); `integration` starts real PostgreSQL, Redis and SMTP
// once for the run (test/support/global-setup.ts) and tears them down afterwards.
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swcrc, swcrc: false }] };

// NestJS 12 and some of its dependencies ship as ES modules only. Node 20 can require() them, but jest's
// module loader cannot (before Node 24.9), so jest compiles exactly those packages to CommonJS.
function esmOnlyPackages() {
  const root = path.join(__dirname, 'node_modules');
  const names = [];
  const visit = (dir, scope) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (entry.startsWith('.')) continue;
      if (!scope && entry.startsWith('@')) {
        visit(path.join(dir, entry), entry);
        continue;
      }
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, entry, 'package.json'), 'utf8'));
        if (pkg.type === 'module') names.push(scope ? `${scope}/${entry}` : entry);
      } catch {
        /* not a package */
      }
    }
  };
  visit(root);
  return names;
}
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnlyPackages().map(escapeRegExp).join('|')})/)`];

const shared = { testEnvironment: 'node', transform, transformIgnorePatterns };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/load-env.ts'],
    },
  ],
};
