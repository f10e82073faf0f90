/**
 * Signing in: a bearer token pasted by the user, checked with GET /v1/whoami and kept in
 * sessionStorage (gone when the tab closes; never in localStorage, never in a cookie, so no other
 * tab or site request carries it).
 */
import type { WhoAmI } from './contract.js';
import { ApiClient } from './http.js';

const TOKEN_KEY = 'wolfpack.token';

export interface Session {
  readonly client: ApiClient;
  readonly whoami: WhoAmI;
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Checks the token with the daemon and keeps it for this tab; throws ApiFailure when refused. */
export async function signIn(token: string): Promise<Session> {
  const client = new ApiClient(token.trim());
  const whoami = await client.get<WhoAmI>('/v1/whoami');
  sessionStorage.setItem(TOKEN_KEY, client.token);
  return { client, whoami };
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

export function canAct(session: Session): boolean {
  return session.whoami.access === 'full';
}

/** Why the action buttons are disabled, for their accessible description. */
export function readOnlyExplanation(session: Session): string {
  return `Signed in as ${session.whoami.principal} with Read access: you can see everything, but online and offline need a token with Full access (wolfpack token create NAME --access full).`;
}
