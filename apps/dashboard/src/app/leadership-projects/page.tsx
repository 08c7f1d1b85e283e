import type { Metadata } from 'next';
import { LeadershipProjectsView } from '../../views/leadership-projects';

export const metadata: Metadata = { title: 'Leadership projects' };

export default function Page() {
  return <LeadershipProjectsView />;
}
