/** What a visitor without a session sees: how to get one. */
export function LoginHelp() {
  return (
    <section className="card login" aria-labelledby="login-title">
      <h1 id="login-title">Log in to CLOS</h1>
      <p>The dashboard shows your organisation&apos;s pods, WIP, stage gates and activity to people with a CLOS session.</p>
      <h2>Running CLOS locally</h2>
      <p>
        <code>npm run up</code> prints a <strong>one-time login link</strong> in its terminal when the platform is healthy. It looks like{' '}
        <code className="wrap">http://127.0.0.1:8080/auth/link?token=clos_…&amp;next=/</code>. Open it in this browser: it works once,
        within 15 minutes, and starts a session of 12 hours. Run <code>npm run up</code> again (or ask an admin) for a new link.
      </p>
      <h2>Sign in with GitHub</h2>
      <p>
        Where an admin has configured a GitHub OAuth App, <a href="/auth/github?next=/">sign in with GitHub</a>: your GitHub login must be a
        member of a pod in <code>clos.yml</code>, which also gives your role in each pod. Otherwise ask an admin for a login link.
      </p>
      <p className="muted">API tokens (<code>clos token create</code>) are for programs; the dashboard uses a browser session.</p>
    </section>
  );
}
