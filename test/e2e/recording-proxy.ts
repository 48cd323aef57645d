import { createServer } from 'node:http';
import { IDENTITY_HEADER } from '@dangvien/auth';
import { close, listen } from '@dangvien/graphql';

export interface RecordingProxy {
  /** The proxy's GraphQL URL, to route a gateway's subgraph through. */
  url: string;
  /** Every operation body the proxy was asked (readiness probes left out). */
  asked: string[];
  /** How long the proxy waits before passing an operation on (a slow subgraph); 0: at once. */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of a subgraph that records what it is asked, and can be made slow: the
 * proof that a refused request never reached a subgraph, and a subgraph slower than its timeout.
 * It forwards the gateway's signed identity and nothing else of the headers.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const proxy: RecordingProxy = { url: '', asked: [], delayMs: 0, close: async () => close(server) };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const probe = body.includes('"{ __typename }"');
    if (!probe) proxy.asked.push(body);
    if (!probe && proxy.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, proxy.delayMs));
    // A delayed request whose gateway gave up may outlive the subgraph (stopped after the tests).
    if (res.destroyed) return;
    try {
      const identity = req.headers[IDENTITY_HEADER];
      const answer = await fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(identity ? { [IDENTITY_HEADER]: String(identity) } : {}),
        },
        body,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(await answer.text());
    } catch {
      res.destroy();
    }
  });
  proxy.url = `http://127.0.0.1:${await listen(server, 0)}/graphql`;
  return proxy;
}
