import type { Metadata } from 'next';
import { DecisionsView } from '../../views/decisions';

export const metadata: Metadata = { title: 'Decisions' };

export default function Page() {
  return <DecisionsView />;
}
