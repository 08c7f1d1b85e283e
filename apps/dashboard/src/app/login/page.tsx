import type { Metadata } from 'next';
import { LoginHelp } from '../../components/login-help';

export const metadata: Metadata = { title: 'Log in' };

/** Linked from anywhere; the shell shows the same help to any visitor without a session. */
export default function Page() {
  return <LoginHelp />;
}
