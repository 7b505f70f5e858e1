import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './app-config';

interface DevSecrets {
  jwtSecret: string;
  encryptionKeys: string;
  activeKeyId: string;
  blindIndexKey: string;
  adminPassword: string;
}

export const DEV_ADMIN_EMAIL = 'admin@amparo.local';

/**
 * Outside production, secrets the operator did not set (and a first admin login) are generated once and kept in
 * `<DATA_DIR>/dev-secrets.json` (mode 0600), so data encrypted in one run can be read in the next.
 */
export function withDevSecrets(config: AppConfig): AppConfig {
  if (config.env === 'production') return config;
  const needed =
    !config.auth.jwtSecret ||
    !config.crypto.encryptionKeys ||
    !config.crypto.blindIndexKey ||
    !config.auth.initialAdmin;
  if (!needed) return config;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'dev-secrets.json');
  let secrets: DevSecrets;
  if (existsSync(file)) {
    secrets = JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  } else {
    secrets = {
      jwtSecret: randomBytes(48).toString('base64url'),
      encryptionKeys: `dev1:${randomBytes(32).toString('base64')}`,
      activeKeyId: 'dev1',
      blindIndexKey: randomBytes(32).toString('base64'),
      adminPassword: randomBytes(12).toString('base64url'),
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return {
    ...config,
    auth: {
      ...config.auth,
      jwtSecret: config.auth.jwtSecret ?? secrets.jwtSecret,
      // A newcomer can log in straight away; the password is printed at start and kept in the file.
      initialAdmin: config.auth.initialAdmin ?? { email: DEV_ADMIN_EMAIL, password: secrets.adminPassword },
    },
    crypto: {
      encryptionKeys: config.crypto.encryptionKeys ?? secrets.encryptionKeys,
      activeKeyId: config.crypto.encryptionKeys ? config.crypto.activeKeyId : secrets.activeKeyId,
      blindIndexKey: config.crypto.blindIndexKey ?? secrets.blindIndexKey,
    },
  };
}
