import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { ASSET_PREFIX, GRAPHIQL_PAGE, START_SCRIPT } from './graphiql-page';

/**
 * The development GraphiQL, served by the gateway with every asset from the gateway itself: networks
 * without internet access (and developers who should not leak operations to a CDN) get the same page.
 * The browser bundles come from the npm packages installed with the gateway: graphiql 3 is the last
 * major that ships a UMD bundle usable without a bundler, and it runs on React 18's UMD builds
 * (React 19 ships none), hence the versions pinned in gateway/package.json.
 */
export interface GraphiQL {
  /** Answers the page or one of its assets; false for every other request (and always in production). */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
}

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** Sources of the assets, by the name the page asks for: nothing outside this table is served. */
const ASSET_SOURCES: Record<string, { module: string; file: string; contentType: string }> = {
  'react.js': { module: 'react', file: 'umd/react.production.min.js', contentType: 'text/javascript' },
  'react-dom.js': {
    module: 'react-dom',
    file: 'umd/react-dom.production.min.js',
    contentType: 'text/javascript',
  },
  'graphiql.js': { module: 'graphiql', file: 'graphiql.min.js', contentType: 'text/javascript' },
  'graphiql.css': { module: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css' },
};

/** A file of an installed package; found through its package.json, as the packages export no UMD path. */
function packageFile(module: string, file: string): string {
  return join(dirname(require.resolve(`${module}/package.json`)), file);
}

/**
 * What the page may load and talk to: the gateway only. Styles may be inline because GraphiQL's
 * editors set them; fonts and icons come inlined as data: URLs in graphiql.min.css.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function asset(body: Buffer | string, contentType: string): Asset {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  return { body: bytes, contentType: `${contentType}; charset=utf-8`, etag };
}

/** Read once at start: a gateway installed without its GraphiQL packages fails then, not on a click. */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, source] of Object.entries(ASSET_SOURCES)) {
    assets.set(name, asset(readFileSync(packageFile(source.module, source.file)), source.contentType));
  }
  assets.set('start.js', asset(START_SCRIPT, 'text/javascript'));
  return assets;
}

/** A browser asking for a page: a GET for HTML that carries no operation (a GET with one is GraphQL's). */
function wantsPage(req: IncomingMessage, url: URL): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    !url.searchParams.has('query') &&
    (req.headers.accept ?? '').includes('text/html')
  );
}

function send(req: IncomingMessage, res: ServerResponse, item: Asset, headers: Record<string, string>) {
  const common = { etag: item.etag, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  if (req.headers['if-none-match'] === item.etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  res.writeHead(200, {
    ...common,
    ...headers,
    'content-type': item.contentType,
    'content-length': item.body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : item.body);
}

/**
 * GraphiQL at `/graphiql`, and at `graphqlPath` for a browser (Accept: text/html), with its assets
 * under `/graphiql/assets/`. Disabled, it answers nothing and reads nothing.
 */
export function createGraphiQL(options: { enabled: boolean; graphqlPath?: string }): GraphiQL {
  if (!options.enabled) return { handle: () => false };
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const assets = loadAssets();
  const page = asset(GRAPHIQL_PAGE, 'text/html');
  const assetPath = `/${ASSET_PREFIX}`;

  return {
    handle(req, res, url) {
      if (url.pathname.startsWith(assetPath)) {
        const item = assets.get(url.pathname.slice(assetPath.length));
        if (!item || (req.method !== 'GET' && req.method !== 'HEAD')) {
          res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ error: 'not found' }));
          return true;
        }
        send(req, res, item, {});
        return true;
      }
      const isPagePath = url.pathname === '/graphiql' || url.pathname === graphqlPath;
      if (!isPagePath || !wantsPage(req, url)) return false;
      // The same path answers GraphQL and HTML: caches must keep the two apart.
      send(req, res, page, { 'content-security-policy': CONTENT_SECURITY_POLICY, vary: 'accept' });
      return true;
    },
  };
}
