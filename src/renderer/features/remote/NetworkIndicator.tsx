import { useSyncExternalStore } from 'react';
import type { ConnectionSource, ConnectionState } from '../../api/connection';
import { useClient } from '../../api/context';
import { useNetwork } from './useRemote';
import './remote.css';

const ALWAYS_CONNECTED: ConnectionState = { status: 'connected' };
const NO_CONNECTION: ConnectionSource = { getState: () => ALWAYS_CONNECTED, subscribe: () => () => undefined };

function since(state: ConnectionState): string {
  return state.since ? ` since ${new Date(state.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
}

/**
 * The app chrome's connectivity badge. In the web build the Copydesk server itself can go away,
 * and then nothing else matters: the badge says so (and when it is back) before it says what the
 * outbox workers last observed of the remote targets' network.
 */
export function NetworkIndicator() {
  const client = useClient();
  const network = useNetwork(client);
  const connection = client.connection ?? NO_CONNECTION;
  const host = useSyncExternalStore(connection.subscribe, connection.getState);

  let text = network.online ? 'Online' : 'Offline — changes are queued';
  let detail = network.detail;
  let offline = !network.online;
  if (host.status === 'unreachable') {
    text = 'Server unreachable — edits kept here';
    detail = `The Copydesk server (copydesk serve) has not answered${since(host)}. Your edits are kept in this browser and saved when it is back.`;
    offline = true;
  } else if (host.status === 'signed_out') {
    text = 'Signed out — open the server’s link';
    detail = 'The Copydesk server restarted and no longer recognises this tab. Open the link it printed (“Copydesk is running at …”); your edits are kept in this browser meanwhile.';
    offline = true;
  } else if (host.status === 'reconnected') {
    text = 'Reconnected';
    detail = 'The Copydesk server is back; edits kept meanwhile are being saved.';
  }
  return (
    <p role="status" className={`network-indicator ${offline ? 'is-offline' : 'is-online'}`} title={detail || undefined}>
      <span className="network-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
