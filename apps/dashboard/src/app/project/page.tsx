import type { Metadata } from 'next';
import { ProjectView } from '../../views/project';

export const metadata: Metadata = { title: 'Project' };

export default function Page() {
  return <ProjectView />;
}
