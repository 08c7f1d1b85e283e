import Link from 'next/link';

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        Go to the <Link href="/">overview</Link>.
      </p>
    </>
  );
}
