import type { Metadata } from 'next';
import { ReviewsView } from '../../views/reviews';

export const metadata: Metadata = { title: 'Reviews' };

export default function Page() {
  return <ReviewsView />;
}
