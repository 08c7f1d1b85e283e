'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState, type FormEvent } from 'react';
import { Section } from '../components/status';
import type { WorkItem } from '../lib/types';
import { useApi } from '../lib/use-api';

/**
 * The work item id of what a person types: `owner/repo#12`, a PR URL, `gh:owner/repo#12`
 * or a Linear identifier (`PAY-44`, `lin:PAY-44`); null when it is none of those.
 */
export function workItemIdOf(input: string): string | null {
  const text = input.trim();
  const url = /^https?:\/\/[^/]+\/([^/\s]+)\/([^/\s]+)\/pull\/(\d+)/.exec(text);
  if (url) return `gh:${url[1]}/${url[2]}#${url[3]}`;
  const short = /^(?:gh:)?([^/\s#]+)\/([^/\s#]+)#(\d+)$/.exec(text);
  if (short) return `gh:${short[1]}/${short[2]}#${short[3]}`;
  const linear = /^(?:lin:)?([A-Z][A-Z0-9_]*-\d+)$/.exec(text);
  if (linear) return `lin:${linear[1]}`;
  return null;
}

/**
 * "Why is this PR blocked?": finds the work item, then shows the api's own explanation
 * pages (/why/wip/<pod>?item=<id>, /why/stage/<project>) — the pages CLOS's commit
 * statuses link to — embedded, with a link to open each on its own.
 */
export function WhyView() {
  return (
    <Suspense fallback={null}>
      <WhyForm />
    </Suspense>
  );
}

function WhyForm() {
  const router = useRouter();
  const item = useSearchParams().get('item');
  const [text, setText] = useState(item ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = workItemIdOf(text);
    if (id === null) {
      setProblem('Give a pull request as owner/repo#12 or its URL, or a Linear issue such as PAY-44.');
      return;
    }
    setProblem(null);
    router.push(`/blocked/?item=${encodeURIComponent(id)}`);
  };
  return (
    <>
      <h1>Why is this PR blocked?</h1>
      <form className="inline" onSubmit={submit} aria-describedby={problem ? 'why-problem' : undefined}>
        <div className="field">
          <label htmlFor="why-item">Pull request or issue</label>
          <input
            id="why-item"
            name="item"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="acme/payments-api#12"
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <button type="submit">Explain</button>
      </form>
      {problem && (
        <p id="why-problem" className="notice error" role="alert">
          {problem}
        </p>
      )}
      {item && <Explanation itemId={item} />}
    </>
  );
}

function Explanation({ itemId }: { itemId: string }) {
  const workItem = useApi<WorkItem>(`/api/work-items/${encodeURIComponent(itemId)}`);
  return (
    <Section title={itemId} state={workItem} what="the work item">
      {(w) => {
        const wipUrl = w.podId ? `/why/wip/${encodeURIComponent(w.podId)}?item=${encodeURIComponent(w.id)}` : null;
        const stageUrl = w.projectId ? `/why/stage/${encodeURIComponent(w.projectId)}` : null;
        return (
          <>
            <p>
              {w.url ? <a href={w.url}>{w.title ?? w.id}</a> : (w.title ?? w.id)} <span className="muted">· {w.state}</span>
              {w.personId ? <span className="muted"> · {w.personId}</span> : null}
            </p>
            {wipUrl === null && stageUrl === null && <p>This item belongs to no pod or project, so CLOS does not gate it.</p>}
            {wipUrl && (
              <>
                <h3>WIP limit (clos/wip)</h3>
                <p>
                  <a href={wipUrl}>Open the WIP explanation</a>
                </p>
                <iframe className="why-frame" src={wipUrl} title={`WIP explanation for ${w.id}`} loading="lazy" />
              </>
            )}
            {stageUrl && (
              <>
                <h3>Stage gate (clos/stage-gate)</h3>
                <p>
                  <a href={stageUrl}>Open the stage gate explanation</a>
                </p>
                <iframe className="why-frame" src={stageUrl} title={`Stage gate explanation for ${w.projectId}`} loading="lazy" />
              </>
            )}
          </>
        );
      }}
    </Section>
  );
}
