/**
 * Sign in with a bearer token (wolfpack token create NAME --access full|read). The token is checked
 * with /v1/whoami before it is kept; a refusal shows its code and what to do.
 */
import { useState } from 'preact/hooks';
import { ApiFailure } from '../api/http.js';
import { signIn, type Session } from '../api/session.js';
import { Rejection } from './rejection.js';

export function SignIn(props: { onSignedIn: (session: Session) => void; reason?: ApiFailure | null }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(props.reason ?? null);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    try {
      props.onSignedIn(await signIn(token));
    } catch (error) {
      setFailure(error instanceof ApiFailure ? error : new ApiFailure(0, { code: 1359, name: 'ERROR_INTERNAL_ERROR', message: String(error) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <p>
        Paste a token. Create one on a cluster node with <code>wolfpack token create NAME --access full</code> (or <code>--access read</code> to look without acting).
        It is kept in this tab only, until the tab closes or you sign out.
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <label class="field">
          <span>Token</span>
          <input type="password" name="token" autoComplete="off" spellcheck={false} required value={token} onInput={(e) => setToken(e.currentTarget.value)} placeholder="wp_…" />
        </label>
        <button type="submit" class="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      {failure ? <Rejection code={failure.body.code} name={failure.body.name} message={failure.body.message} title="Not signed in" /> : null}
    </section>
  );
}
