import type { GithubClient } from '@clos/github';

/** How long GitHub's "yes, they can see it" is believed. */
const ALLOWED_MS = 10 * 60_000;
/** How long a "no" is believed: short, so someone just given access gets in soon. */
const REFUSED_MS = 60_000;
/** Answers kept at most; the oldest go first. */
const MAX_ANSWERS = 10_000;

/** Options of {@link RepositoryReaders}. */
export interface RepositoryReadersOptions {
  github: Pick<GithubClient, 'repositoryPermission'>;
  /** Told when GitHub could not be asked: the reader is refused then. */
  onError?(error: unknown, repo: string, login: string): void;
  now?: () => number;
}

/**
 * Whether a GitHub account can see a repository, as GitHub says with CLOS's own
 * credentials, each answer kept a while (10 minutes for yes, 1 for no) so a page opened
 * again, or by a team, costs no quota. Lets someone without a role in a pod read why their
 * own pull request is blocked. A GitHub failure is a "no": nothing is shown on a guess.
 */
export class RepositoryReaders {
  private readonly answers = new Map<string, { allowed: boolean; until: number }>();
  private readonly pending = new Map<string, Promise<boolean>>();
  private readonly now: () => number;

  constructor(private readonly options: RepositoryReadersOptions) {
    this.now = options.now ?? Date.now;
  }

  async canSee(login: string, repo: string): Promise<boolean> {
    const key = `${repo.toLowerCase()}:${login.toLowerCase()}`;
    const known = this.answers.get(key);
    if (known !== undefined && known.until > this.now()) return known.allowed;
    const asking = this.pending.get(key);
    if (asking !== undefined) return asking;
    const ask = this.ask(key, login, repo).finally(() => this.pending.delete(key));
    this.pending.set(key, ask);
    return ask;
  }

  private async ask(key: string, login: string, repo: string): Promise<boolean> {
    let allowed: boolean;
    try {
      allowed = (await this.options.github.repositoryPermission(repo, login)) !== 'none';
    } catch (error) {
      this.options.onError?.(error, repo, login);
      return false;
    }
    this.answers.delete(key);
    if (this.answers.size >= MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, { allowed, until: this.now() + (allowed ? ALLOWED_MS : REFUSED_MS) });
    return allowed;
  }
}
