'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, apiDelete, apiGet, CSRF_COOKIE, readCookie } from '../lib/api';
import { isAdmin, SessionContext, type Session } from '../lib/session';
import type { Me } from '../lib/types';
import { LoginHelp } from './login-help';

const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/my-day/', label: 'My day' },
  { href: '/decisions/', label: 'Decisions' },
  { href: '/delegations/', label: 'Delegations' },
  { href: '/leadership-projects/', label: 'Leadership projects' },
  { href: '/reviews/', label: 'Reviews' },
  { href: '/patterns/', label: 'Patterns' },
  { href: '/funnel/', label: 'Funnel' },
  { href: '/ideas/', label: 'Ideas' },
  { href: '/demos/', label: 'Demos' },
  { href: '/blocked/', label: 'Why blocked?' },
  { href: '/activity/', label: 'Activity' },
] as const;

type AuthState = { kind: 'checking' } | { kind: 'anonymous' } | { kind: 'signed-in'; me: Me } | { kind: 'error'; message: string };

/**
 * The frame of every page: skip link, header with the navigation and the logout button,
 * and the page (loading alongside GET /api/me, which says who the caller is); without a session, how
 * to log in instead.
 */
export function Shell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [auth, setAuth] = useState<AuthState>({ kind: 'checking' });
  const [loggingOut, setLoggingOut] = useState(false);

  useEffect(() => {
    let cancelled = false;
    apiGet<Me>('/api/me').then(
      (me) => !cancelled && setAuth({ kind: 'signed-in', me }),
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) setAuth({ kind: 'anonymous' });
        else setAuth({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const onUnauthorized = useCallback(() => setAuth({ kind: 'anonymous' }), []);
  // The page loads its data while /api/me is still on its way (one round trip less); a 401
  // from either shows how to log in instead.
  const session = useMemo<Session | null>(
    () => (auth.kind === 'signed-in' ? { me: auth.me, onUnauthorized } : auth.kind === 'checking' ? { me: null, onUnauthorized } : null),
    [auth, onUnauthorized],
  );

  const logout = async () => {
    if (auth.kind !== 'signed-in') return;
    setLoggingOut(true);
    try {
      await apiDelete('/api/session', auth.me.csrfToken ?? readCookie(CSRF_COOKIE));
    } catch {
      // Ended or not, the page forgets the session; a stale cookie answers 401 next time.
    }
    setLoggingOut(false);
    setAuth({ kind: 'anonymous' });
  };

  const nav = auth.kind === 'signed-in' ? [...NAV, ...(isAdmin(auth.me) ? [{ href: '/audit/', label: 'Audit' }] : [])] : [];
  const isCurrent = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href.replace(/\/$/, '')));

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="brand">
          <Link href="/">CLOS</Link>
        </div>
        {nav.length > 0 && (
          <nav aria-label="Main">
            <ul>
              {nav.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} aria-current={isCurrent(item.href) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {auth.kind === 'signed-in' && (
          <div className="who">
            <span className="muted">{auth.me.name}</span>
            <button type="button" onClick={() => void logout()} disabled={loggingOut}>
              Log out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {auth.kind === 'anonymous' && <LoginHelp />}
        {auth.kind === 'error' && (
          <div className="notice error" role="alert">
            <strong>The CLOS api cannot be reached.</strong> {auth.message}
          </div>
        )}
        {session !== null && <SessionContext.Provider value={session}>{children}</SessionContext.Provider>}
      </main>
      <footer className="site-footer">
        <a href="/docs">API docs</a>
      </footer>
    </>
  );
}
