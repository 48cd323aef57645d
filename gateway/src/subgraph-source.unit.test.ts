import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER } from '@dangvien/auth';
import { close, listen } from '@dangvien/graphql';
import type { Caller } from './authentication';
import type { Deadline } from './request-timeout';
import { createSubgraphFetcher, DEADLINE_HEADER } from './subgraph-fetcher';
import { createSubgraphSource } from './subgraph-source';

// The data source against a loopback server playing a subgraph: what the subgraph receives, and how
// its answers come back (a body, an HTTP failure, something that is not JSON).
describe('subgraph source', () => {
  let server: Server;
  let url: string;
  let answer: { status: number; type: string; body: string } = { status: 200, type: '', body: '' };
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  const pool = createSubgraphFetcher({ name: 'members', timeoutMs: 2_000, connections: 2 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
      });
    });
    url = `http://127.0.0.1:${await listen(server, 0)}/graphql`;
  });
  afterAll(async () => {
    await pool.close();
    server.closeAllConnections();
    await close(server);
  });

  const options = (context: Partial<Caller & Deadline>) =>
    ({
      // GraphQLDataSourceRequestKind.INCOMING_OPERATION (not exported by the package).
      kind: 'incoming operation',
      request: {
        query: 'query Q($id: ID!) { member(id: $id) { id } }',
        variables: { id: 'm1' },
        operationName: 'Q',
      },
      context,
      incomingRequestContext: {},
    }) as unknown as GraphQLDataSourceProcessOptions<Caller & Deadline>;
  const failure = async (run: Promise<unknown>) => {
    try {
      await run;
      return null;
    } catch (error) {
      return error as Error & { extensions?: Record<string, unknown> };
    }
  };

  it("sends the operation with the signed identity, and answers the subgraph's body", async () => {
    answer = {
      status: 200,
      type: 'application/json; charset=utf-8',
      body: '{"data":{"member":{"id":"m1"}}}',
    };
    const source = createSubgraphSource(url, pool.fetcher);
    const deadline = Date.now() + 5_000;
    const response = await source.process(
      options({ identity: {} as never, identityToken: 'signed.identity.token', deadline }),
    );
    expect(response).toEqual({ data: { member: { id: 'm1' } } });
    const { headers, body } = seen.at(-1)!;
    expect(JSON.parse(body)).toEqual({
      query: 'query Q($id: ID!) { member(id: $id) { id } }',
      variables: { id: 'm1' },
      operationName: 'Q',
    });
    expect(headers['content-type']).toBe('application/json');
    expect(headers[IDENTITY_HEADER]).toBe('signed.identity.token');
    // The deadline is the fetcher's to read: the subgraph never sees it.
    expect(headers[DEADLINE_HEADER]).toBeUndefined();
  });

  it('sends no identity for an anonymous caller', async () => {
    answer = { status: 200, type: 'application/json', body: '{"data":{}}' };
    await createSubgraphSource(url, pool.fetcher).process(
      options({ identity: {} as never, identityToken: null }),
    );
    expect(seen.at(-1)!.headers[IDENTITY_HEADER]).toBeUndefined();
  });

  it('fails a fetch the subgraph answers with an HTTP error, with its status and body', async () => {
    answer = { status: 401, type: 'application/json', body: '{"errors":[{"message":"who are you"}]}' };
    const error = await failure(createSubgraphSource(url, pool.fetcher).process(options({})));
    expect(error?.message).toBe('401: ');
    expect(error?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      response: { status: 401, body: { errors: [{ message: 'who are you' }] } },
    });
  });

  it('fails a fetch the subgraph answers with something other than JSON', async () => {
    answer = { status: 200, type: 'text/html', body: '<html>proxy error</html>' };
    const error = await failure(createSubgraphSource(url, pool.fetcher).process(options({})));
    expect(error?.message).toBe('Expected JSON response body, but received: <html>proxy error</html>');
  });
});
