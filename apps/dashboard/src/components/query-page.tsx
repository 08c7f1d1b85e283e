'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';

/**
 * Pages of one pod or project take its id from the query string (`/pod/?id=payments`):
 * a static export cannot know the ids at build time.
 */
export function QueryPage({ param, missing, children }: { param: string; missing: ReactNode; children: (value: string) => ReactNode }) {
  return (
    <Suspense fallback={null}>
      <QueryValue param={param} missing={missing}>
        {children}
      </QueryValue>
    </Suspense>
  );
}

function QueryValue({ param, missing, children }: { param: string; missing: ReactNode; children: (value: string) => ReactNode }) {
  const value = useSearchParams().get(param);
  return <>{value ? children(value) : missing}</>;
}
