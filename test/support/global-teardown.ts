import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

interface Services {
  postgres: { stop(): Promise<void> };
  redis?: { stop(): Promise<void> };
  dataDir: string;
  root?: string;
}

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>).__AMPARO_TEST_SERVICES__ as Services | undefined;
  if (!services) return;
  await Promise.all([services.postgres.stop(), services.redis?.stop()]);
  rmSync(dirname(services.dataDir), { recursive: true, force: true });
  if (services.root) rmSync(services.root, { recursive: true, force: true });
}
