/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A link when the URL is http(s), plain text otherwise (a URL from a payload is never trusted as a scheme). */
export function linkTo(label: string, url: string | undefined): string {
  if (url === undefined || !/^https?:\/\//i.test(url)) return escapeHtml(label);
  return `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
}

/** "3 days", "5 hours", "12 minutes" between two instants. */
export function durationBetween(fromIso: string, to: Date): string {
  const ms = Math.max(0, to.getTime() - Date.parse(fromIso));
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A `<time>` element: the instant for machines, "since … (N ago)" for people. */
export function timeAgo(iso: string, now: Date): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</time> (${durationBetween(iso, now)} ago)`;
}

/** The verdict badge colours of GitHub's own status icons. */
export function badge(state: 'success' | 'failure' | 'pending' | 'error' | 'unknown', text: string): string {
  return `<span class="badge ${state}">${escapeHtml(text)}</span>`;
}

/** One self-contained page: no scripts, no external assets, readable without CSS. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · CLOS</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.8rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-weight:600;color:#fff}
.success{background:#1a7f37}.failure,.error{background:#cf222e}.pending{background:#9a6700}.unknown{background:#57606a}
.todo{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.6rem 1rem}
.met{color:#1a7f37}.unmet{color:#cf222e}code{background:#f6f8fa;padding:0 .25rem;border-radius:4px}
footer{margin-top:2rem;color:#57606a;font-size:.85rem}
</style>
</head>
<body>
${body}
<footer>CLOS — enforced WIP limits and stage gates.</footer>
</body>
</html>
`;
}
