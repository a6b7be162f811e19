// First: zod must be jitless before any schema parses (see zod-config.ts).
import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultClient } from './api/client';
import { ClientProvider } from './api/context';
import { App } from './App';
import { setImageUrlResolver } from '../shared/lexical/image-node';
import { assetUrl } from './editor/image/asset-url';
import './styles/base.css';
import './styles/layout.css';
import './features/library/library.css';
import './features/article/article.css';
import './editor/editor.css';

// Editors show stored image paths (assets/…) from wherever this host serves the workspace.
setImageUrlResolver((src) => assetUrl(src));

const container = document.getElementById('root');
if (!container) throw new Error('Copydesk: #root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <ClientProvider client={createDefaultClient()}>
      <App />
    </ClientProvider>
  </StrictMode>,
);
