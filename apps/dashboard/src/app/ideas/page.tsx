import type { Metadata } from 'next';
import { IdeasView } from '../../views/ideas';

export const metadata: Metadata = { title: 'Idea ledger' };

export default function Page() {
  return <IdeasView />;
}
