import 'reflect-metadata';
import 'dotenv/config';
import { AppConfig, ConfigError, loadConfig } from '../src/config/app-config';
import { withDevSecrets } from '../src/config/dev-secrets';

/** Config for command-line scripts: same validation as the service, one-line error and exit 1 when bad. */
export function scriptConfig(): AppConfig {
  try {
    return withDevSecrets(loadConfig(process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** Parses `--name value` and `--name=value` pairs. */
export function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    if (m[2] !== undefined) flags[m[1]] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags[m[1]] = argv[++i];
    else flags[m[1]] = 'true';
  }
  return flags;
}
