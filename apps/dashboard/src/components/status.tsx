import type { ReactNode } from 'react';
import { ApiError } from '../lib/api';

/** What a section shows while its data loads. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** A failed call, in the api's own words. */
export function ErrorNotice({ error, what }: { error: Error; what: string }) {
  const detail =
    error instanceof ApiError
      ? error.status === 403
        ? 'Your session does not have a role that may see this.'
        : error.status === 404 && error.code !== 'NotFound'
          ? 'This api does not serve it (yet).'
          : error.message
      : error.message;
  return (
    <div className="notice error" role="alert">
      <strong>Could not load {what}.</strong> {detail}
    </div>
  );
}

/** Renders `children(data)` once loaded, otherwise the loading or error state. */
export function Section<T>({
  title,
  state,
  what,
  children,
  headingLevel = 2,
}: {
  title: string;
  state: { data: T | undefined; error: Error | undefined; loading: boolean };
  what: string;
  children: (data: T) => ReactNode;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="card" aria-labelledby={id}>
      <Heading id={id}>{title}</Heading>
      {state.error ? <ErrorNotice error={state.error} what={what} /> : state.data === undefined ? <Loading what={what} /> : children(state.data)}
    </section>
  );
}
