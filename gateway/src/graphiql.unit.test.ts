import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { close, listen } from '@dangvien/graphql';
import { createGraphiQL } from './graphiql';

// The handler alone, behind a plain server that answers 418 for whatever it leaves to GraphQL.

async function serve(enabled: boolean): Promise<{ server: Server; origin: string }> {
  const graphiql = createGraphiQL({ enabled });
  const server = createServer((req, res) => {
    if (graphiql.handle(req, res, new URL(req.url ?? '/', 'http://localhost'))) return;
    res.writeHead(418);
    res.end();
  });
  const port = await listen(server, 0);
  return { server, origin: `http://127.0.0.1:${port}` };
}

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('GraphiQL handler', () => {
  let enabled: { server: Server; origin: string };
  let disabled: { server: Server; origin: string };
  beforeAll(async () => {
    enabled = await serve(true);
    disabled = await serve(false);
  });
  afterAll(async () => {
    await close(enabled.server);
    await close(disabled.server);
  });

  it('serves the page at /graphiql and to a browser at /graphql, fenced in by its CSP', async () => {
    for (const path of ['/graphiql', '/graphql']) {
      const response = await fetch(`${enabled.origin}${path}`, { headers: HTML });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('vary')).toBe('accept');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(await response.text()).toContain('<div id="graphiql">');
    }
  });

  it('loads nothing but relative assets, each served with its type', async () => {
    const page = await (await fetch(`${enabled.origin}/graphiql`, { headers: HTML })).text();
    const references = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(references.filter((r) => r !== 'data:,').sort()).toEqual([
      'graphiql/assets/graphiql.css',
      'graphiql/assets/graphiql.js',
      'graphiql/assets/react-dom.js',
      'graphiql/assets/react.js',
      'graphiql/assets/start.js',
    ]);
    for (const reference of references.filter((r) => r !== 'data:,')) {
      const response = await fetch(new URL(reference, `${enabled.origin}/graphiql`));
      expect(response.status).toBe(200);
      const type = reference.endsWith('.css') ? 'text/css' : 'text/javascript';
      expect(response.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
      const body = await response.text();
      expect(body.length).toBeGreaterThan(100);
      // No bundle reaches for a CDN by itself (only documentation links and XML namespaces).
      expect(body).not.toMatch(/(?:src|href)\s*=\s*["']https?:/);
      expect(body).not.toMatch(/@import\s+url\(\s*["']?https?:/);
    }
  });

  it('answers a revalidation with 304, and an unknown asset with 404', async () => {
    const first = await fetch(`${enabled.origin}/graphiql/assets/graphiql.css`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${enabled.origin}/graphiql/assets/graphiql.css`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    for (const path of ['/graphiql/assets/package.json', '/graphiql/assets/..%2fgateway.js']) {
      expect((await fetch(`${enabled.origin}${path}`)).status).toBe(404);
    }
  });

  it('leaves GraphQL requests to GraphQL: other media types, GETs with an operation, POSTs', async () => {
    const json = await fetch(`${enabled.origin}/graphql`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(418);
    const operation = await fetch(`${enabled.origin}/graphql?query=%7B__typename%7D`, { headers: HTML });
    expect(operation.status).toBe(418);
    const post = await fetch(`${enabled.origin}/graphql`, { method: 'POST', headers: HTML, body: '{}' });
    expect(post.status).toBe(418);
  });

  it('serves nothing when disabled (production)', async () => {
    for (const path of ['/graphiql', '/graphql', '/graphiql/assets/graphiql.js']) {
      expect((await fetch(`${disabled.origin}${path}`, { headers: HTML })).status).toBe(418);
    }
  });
});
