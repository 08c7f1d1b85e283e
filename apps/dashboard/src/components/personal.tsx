'use client';

import type { ReactNode } from 'react';
import { ApiError } from '../lib/api';
import { ErrorNotice, Loading } from './status';

/** Whether the api refused because the session acts for no person (`reason: no_person`). */
export function actsForNobody(error: Error | undefined): boolean {
  return error instanceof ApiError && error.status === 403 && error.details.reason === 'no_person';
}

/**
 * Why a session without a person sees no personal page, and how to get one that has. The api
 * keys every personal record by the person the session acts for, so such a session (an admin's
 * included) reads nobody's.
 */
export function NoPersonNotice() {
  return (
    <section className="notice" aria-labelledby="no-person-title" data-testid="no-person">
      <h2 id="no-person-title">This session acts for no person</h2>
      <p>
        Check-ins, missions, decisions, delegations, leadership projects, reviews and patterns are private: each person sees
        their own, and no role, admin included, sees anyone else&apos;s. Log in with a link made for you to see yours:
      </p>
      <p>
        <code>npm run clos -- login-link --name you --person &lt;your clos.yml member&gt; --role &lt;pod&gt;:&lt;role&gt;</code>
      </p>
      <p className="muted">
        API tokens act for a person the same way: <code>clos token create --person &lt;member&gt;</code>.
      </p>
    </section>
  );
}

/**
 * A personal page's content: loading, the no-person notice, another error in the api's words,
 * or `children(data)`.
 */
export function Personal<T>({ state, what, children }: { state: { data: T | undefined; error: Error | undefined }; what: string; children: (data: T) => ReactNode }) {
  if (actsForNobody(state.error)) return <NoPersonNotice />;
  if (state.error) return <ErrorNotice error={state.error} what={what} />;
  if (state.data === undefined) return <Loading what={what} />;
  return <>{children(state.data)}</>;
}
