import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from './client';

const ClientContext = createContext<ApiClient | null>(null);

export function ClientProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ClientContext value={client}>{children}</ClientContext>;
}

/** The API client the app was started with (tests and stories can provide their own). */
export function useClient(): ApiClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() needs a <ClientProvider> above it');
  return client;
}
