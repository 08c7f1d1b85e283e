import type { Metadata } from 'next';
import { PatternsView } from '../../views/patterns';

export const metadata: Metadata = { title: 'Patterns' };

export default function Page() {
  return <PatternsView />;
}
