import { ApolloClient, ApolloProvider, NormalizedCacheObject } from '@apollo/client';
import { createContext, ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { createClient } from '../api/client';
import { decodeClaims, isExpired, TokenClaims, tokenStore } from './token';

export interface Auth {
  token: string | null;
  claims: TokenClaims | null;
  /** Why the user was last sent to sign in (a refused or expired token), shown there. */
  notice: string | null;
  signIn(token: string): void;
  signOut(notice?: string): void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

function initialToken(): { token: string | null; notice: string | null } {
  const token = tokenStore.get();
  if (!token) return { token: null, notice: null };
  const claims = decodeClaims(token);
  if (claims && isExpired(claims)) {
    tokenStore.clear();
    return { token: null, notice: 'Your token has expired. Sign in again with a new one.' };
  }
  return { token, notice: null };
}

/** Holds the token, the Apollo client that sends it, and the way back to sign-in. */
export function AuthProvider({ children, client: given }: { children: ReactNode; client?: ApolloClient<NormalizedCacheObject> }) {
  const navigate = useNavigate();
  const [state, setState] = useState(initialToken);
  const signOutRef = useRef<(notice?: string) => void>(() => {});

  const client = useMemo(
    () =>
      given ??
      createClient({
        getToken: () => tokenStore.get(),
        onUnauthenticated: (reason) => signOutRef.current(`The server refused your token (${reason}). Sign in again.`),
      }),
    [given],
  );

  const signOut = useCallback(
    (notice?: string) => {
      tokenStore.clear();
      setState({ token: null, notice: notice ?? null });
      void client.clearStore(); // nothing of one person's data outlives their session
      // An embedded chart stays where it is and says why it is empty (see EmbedView).
      if (!window.location.pathname.startsWith('/embed/')) navigate('/sign-in', { replace: true });
    },
    [client, navigate],
  );
  signOutRef.current = signOut;

  const signIn = useCallback(
    (token: string) => {
      tokenStore.set(token);
      void client.resetStore().catch(() => {}); // queries of a previous session are refetched as the new caller
      setState({ token, notice: null });
    },
    [client],
  );

  const auth = useMemo<Auth>(
    () => ({ token: state.token, claims: state.token ? decodeClaims(state.token) : null, notice: state.notice, signIn, signOut }),
    [state, signIn, signOut],
  );
  return (
    <AuthContext.Provider value={auth}>
      <ApolloProvider client={client}>{children}</ApolloProvider>
    </AuthContext.Provider>
  );
}
