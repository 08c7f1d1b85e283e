import type { Metadata } from 'next';
import { DemosView } from '../../views/demos';

export const metadata: Metadata = { title: 'Demo calendar' };

export default function Page() {
  return <DemosView />;
}
