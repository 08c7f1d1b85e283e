'use client';

import { createContext, useContext } from 'react';
import type { Me } from './types';

/** The signed-in caller, and how a page reports that the session has ended. */
export interface Session {
  /** Null while GET /api/me is on its way. */
  me: Me | null;
  /** Called when a call answers 401: the shell shows how to log in again. */
  onUnauthorized(): void;
}

export const SessionContext = createContext<Session | null>(null);

/** The session of the page; pages render only inside a signed-in shell. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside the signed-in shell');
  return session;
}

/** Whether the caller is an organisation admin (role `admin` under `*`). */
export function isAdmin(me: Me | null): boolean {
  return me?.roles['*'] === 'admin';
}
