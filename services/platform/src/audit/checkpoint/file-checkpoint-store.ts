import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCheckpoint, type AuditCheckpoint, type AuditCheckpointStore } from './ports.js';

/**
 * The local adapter: one JSON file, replaced atomically (write then rename) so a crash never
 * leaves half a checkpoint. It guards against mistakes and a database restored from an old
 * dump; it cannot stop someone who can write the data folder, which is what the S3 adapter
 * under object lock is for.
 */
export class FileAuditCheckpointStore implements AuditCheckpointStore {
  readonly location: string;
  private readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
    this.location = pathToFileURL(this.path).href;
  }

  async read(): Promise<AuditCheckpoint | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseCheckpoint(text, this.location);
  }

  async write(checkpoint: AuditCheckpoint): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(checkpoint) + '\n', { mode: 0o600 });
    await rename(temporary, this.path);
  }
}
