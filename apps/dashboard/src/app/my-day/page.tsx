import type { Metadata } from 'next';
import { MyDayView } from '../../views/my-day';

export const metadata: Metadata = { title: 'My day' };

export default function Page() {
  return <MyDayView />;
}
