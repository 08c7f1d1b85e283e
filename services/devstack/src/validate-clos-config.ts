import { readFileSync } from 'node:fs';
import { parseClosConfig } from '@clos/domain';

/**
 * Reads and validates a clos.yml before anything starts. Throws an Error that
 * names the file, the path inside it and the problem.
 */
export function validateClosConfigFile(path: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`${path}: cannot read clos.yml: ${reason}`, { cause: error });
  }
  parseClosConfig(text, path);
}
