/** A GraphQL client of the gateway with a bearer token: data, or an error naming what was refused. */
export type Client = <T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
) => Promise<T>;

export function gatewayClient(
  url: string,
  token: string,
  extraHeaders: () => Record<string, string> = () => ({}),
): Client {
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extraHeaders() },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) {
      throw new Error(`${response.status}: ${JSON.stringify(body.errors)} for ${JSON.stringify(variables)}`);
    }
    const payload = Object.values(body.data as object)[0] as {
      userErrors?: { code: string; message: string }[];
    };
    if (payload?.userErrors?.length) {
      throw new Error(`refused: ${JSON.stringify(payload.userErrors)} for ${JSON.stringify(variables)}`);
    }
    return body.data;
  };
}

/** Runs `work` over `items` with `concurrency` in flight, in order of start. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        await work(items[index]!, index);
      }
    }),
  );
}

/** One line of progress, rewritten in place on a terminal. */
export function progress(label: string): (done: number, total: number) => void {
  const started = Date.now();
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 1_000) return;
    last = now;
    const seconds = (now - started) / 1000;
    const line = `  ${label}: ${done}/${total} (${seconds.toFixed(1)} s)`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (done >= total || seconds > 0) process.stdout.write(`${line}\n`);
  };
}
