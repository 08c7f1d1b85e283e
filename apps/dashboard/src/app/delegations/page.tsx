import type { Metadata } from 'next';
import { DelegationsView } from '../../views/delegations';

export const metadata: Metadata = { title: 'Delegations' };

export default function Page() {
  return <DelegationsView />;
}
