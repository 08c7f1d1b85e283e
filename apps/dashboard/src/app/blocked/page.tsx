import type { Metadata } from 'next';
import { WhyView } from '../../views/blocked';

export const metadata: Metadata = { title: 'Why is this PR blocked?' };

export default function Page() {
  return <WhyView />;
}
