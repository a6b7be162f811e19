import { useEffect, useState } from 'react';
import type { PublishProgress } from '../../../shared/site';
import type { ApiClient } from '../../api/client';

/** The latest `publish:progress` event while `active`; null otherwise. */
export function usePublishProgress(client: ApiClient, active: boolean): PublishProgress | null {
  const [progress, setProgress] = useState<PublishProgress | null>(null);
  useEffect(() => {
    if (!active) {
      setProgress(null);
      return;
    }
    return client.on('publish:progress', (p) => setProgress(p));
  }, [client, active]);
  return progress;
}
