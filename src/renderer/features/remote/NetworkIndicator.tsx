import { useClient } from '../../api/context';
import { useNetwork } from './useRemote';
import './remote.css';

/** The app chrome's connectivity badge, from what the outbox workers last observed. */
export function NetworkIndicator() {
  const network = useNetwork(useClient());
  return (
    <p role="status" className={`network-indicator ${network.online ? 'is-online' : 'is-offline'}`} title={network.detail || undefined}>
      <span className="network-dot" aria-hidden="true" />
      {network.online ? 'Online' : 'Offline — changes are queued'}
    </p>
  );
}
