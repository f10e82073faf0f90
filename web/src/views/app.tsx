/**
 * The page: sign in, then the header (cluster, places, connection, who you are), the current place
 * and the action dialog. One LiveStore per session feeds every view from one event stream.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiFailure } from '../api/http.js';
import { LiveStore } from '../api/live-store.js';
import { canAct, readOnlyExplanation, signIn, signOut, storedToken, type Session } from '../api/session.js';
import { ActionDialog, type ActionTarget } from './action-dialog.js';
import { ClusterPage } from './cluster-page.js';
import type { ActPermission } from './group-card.js';
import { HistoryPage } from './history-page.js';
import { OperationPage } from './operation-page.js';
import { Link, navigate, usePlace } from './router.js';
import { SignIn } from './sign-in.js';
import { useLive } from './use-live.js';

const EXPLANATION_ID = 'read-only-explanation';

const CONNECTION_WORDS = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', failed: 'disconnected' } as const;

function SignedIn(props: { session: Session; onSignOut: (reason?: ApiFailure) => void }) {
  const { session } = props;
  const store = useMemo(() => new LiveStore(session.client), [session]);
  useEffect(() => {
    void store.start();
    return () => store.stop();
  }, [store]);
  const snapshot = useLive(store);
  const place = usePlace();
  const [action, setAction] = useState<ActionTarget | null>(null);
  const permission: ActPermission = { allowed: canAct(session), explanationId: EXPLANATION_ID };

  useEffect(() => {
    // A token revoked while the page is open: back to sign-in, saying why.
    if (snapshot.error?.status === 401) props.onSignOut(snapshot.error);
  }, [snapshot.error]);

  useEffect(() => {
    const name = snapshot.cluster?.view.name;
    document.title = name ? `${name} · Wolfpack` : 'Wolfpack';
  }, [snapshot.cluster?.view.name]);

  return (
    <>
      <header class="top">
        <h1>
          <Link href="/">Wolfpack</Link> <span class="cluster-name">{snapshot.cluster?.view.name ?? ''}</span>
        </h1>
        <nav aria-label="Places">
          <Link href="/" aria-current={place.page === 'cluster' ? 'page' : undefined}>
            Cluster
          </Link>
          <Link href="/operations" aria-current={place.page === 'history' || place.page === 'operation' ? 'page' : undefined}>
            Operation log
          </Link>
        </nav>
        <p class={`connection connection-${snapshot.connection}`} role="status" data-connection={snapshot.connection}>
          {CONNECTION_WORDS[snapshot.connection]}
        </p>
        <p class="who">
          {session.whoami.principal} <span class={`badge access-${session.whoami.access}`}>{session.whoami.access === 'full' ? 'Full' : 'Read'}</span>
          <button type="button" class="secondary" onClick={() => props.onSignOut()}>
            Sign out
          </button>
        </p>
      </header>
      {permission.allowed ? null : (
        <p class="read-only" id={EXPLANATION_ID} role="note">
          {readOnlyExplanation(session)}
        </p>
      )}
      <main>
        {snapshot.error && snapshot.error.status !== 401 ? (
          <p class="rejection" role="alert">
            {snapshot.error.body.code} {snapshot.error.body.name}: {snapshot.error.body.message}
          </p>
        ) : null}
        {place.page === 'cluster' ? <ClusterPage store={store} permission={permission} onAct={(kind, name, act) => setAction({ kind, name, action: act })} /> : null}
        {place.page === 'history' ? <HistoryPage key={place.query} store={store} query={place.query} /> : null}
        {place.page === 'operation' ? <OperationPage key={place.id} store={store} id={place.id} /> : null}
        {place.page === 'missing' ? (
          <p>
            Nothing at {place.path}. <Link href="/">Back to the cluster</Link>
          </p>
        ) : null}
      </main>
      {action && permission.allowed ? (
        <ActionDialog
          client={session.client}
          target={action}
          onClose={() => setAction(null)}
          onAccepted={(operation) => {
            setAction(null);
            navigate(`/operations/${operation}`);
          }}
        />
      ) : null}
    </>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(() => storedToken() !== null);
  const [reason, setReason] = useState<ApiFailure | null>(null);
  useEffect(() => {
    const token = storedToken();
    if (token === null) return;
    signIn(token)
      .then(setSession, (error: unknown) => {
        signOut();
        setReason(error instanceof ApiFailure ? error : null);
      })
      .finally(() => setChecking(false));
  }, []);

  if (checking) return <p aria-busy="true">Signing in…</p>;
  if (!session)
    return (
      <main>
        <header class="top">
          <h1>Wolfpack</h1>
        </header>
        <SignIn onSignedIn={setSession} reason={reason} />
      </main>
    );
  return (
    <SignedIn
      session={session}
      onSignOut={(why) => {
        signOut();
        setReason(why ?? null);
        setSession(null);
      }}
    />
  );
}
