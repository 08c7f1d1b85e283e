/** One commit's file lists as a push payload carries them. */
export interface CommitFileChanges {
  added?: readonly string[] | undefined;
  modified?: readonly string[] | undefined;
  removed?: readonly string[] | undefined;
}

/** The net effect of a push on each path, compared with the branch before the push. */
export interface PushFileChanges {
  added: string[];
  modified: string[];
  removed: string[];
}

type NetChange = 'added' | 'modified' | 'removed';

/**
 * Folds the commits of a push (oldest first, as GitHub lists them) into the net change per
 * path: a file added then edited is `added`, added then deleted is nothing, deleted then
 * re-created is `modified`. Gate criteria ask "does this path exist now", so the net view
 * is the one that answers it.
 */
export function aggregatePushFiles(commits: readonly CommitFileChanges[]): PushFileChanges {
  const net = new Map<string, NetChange | 'none'>();
  for (const commit of commits) {
    for (const path of commit.added ?? []) {
      const before = net.get(path);
      net.set(path, before === 'removed' ? 'modified' : before === undefined || before === 'none' ? 'added' : before);
    }
    for (const path of commit.modified ?? []) {
      const before = net.get(path);
      net.set(path, before === 'added' ? 'added' : 'modified');
    }
    for (const path of commit.removed ?? []) {
      const before = net.get(path);
      net.set(path, before === 'added' ? 'none' : 'removed');
    }
  }
  const result: PushFileChanges = { added: [], modified: [], removed: [] };
  for (const [path, change] of net) {
    if (change !== 'none') result[change].push(path);
  }
  for (const list of Object.values(result)) list.sort();
  return result;
}
