import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Shell } from '../components/shell';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'CLOS', template: '%s · CLOS' },
  description: 'Pod health, WIP, stage gates and activity of your organisation',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/** Every page: the shell (navigation, session) around the page. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Shell>{children}</Shell>
      </body>
    </html>
  );
}
