import type { Metadata } from 'next';
import { PodView } from '../../views/pod';

export const metadata: Metadata = { title: 'Pod' };

export default function Page() {
  return <PodView />;
}
