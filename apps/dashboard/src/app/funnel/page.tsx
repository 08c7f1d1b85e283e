import type { Metadata } from 'next';
import { FunnelView } from '../../views/funnel';

export const metadata: Metadata = { title: 'Stage funnel' };

export default function Page() {
  return <FunnelView />;
}
