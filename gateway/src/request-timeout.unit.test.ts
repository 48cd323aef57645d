import { DEADLINE_GRACE_MS, withRequestTimeout } from './request-timeout';

describe('overall request timeout (the backstop over the query plan)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  /** A gateway whose plans take `planMs` (Infinity: never end). */
  function gatewayTaking(planMs: number) {
    const stopped = { value: false };
    const gateway = {
      onSchemaLoadOrUpdate: () => () => undefined,
      stop: async () => {
        stopped.value = true;
      },
      load: async () => ({
        executor: () =>
          new Promise<{ data: Record<string, unknown> }>((resolve) => {
            if (Number.isFinite(planMs)) setTimeout(() => resolve({ data: { ok: true } }), planMs);
          }),
      }),
    };
    return { gateway, stopped };
  }
  const run = async (planMs: number, deadline: number | undefined) => {
    const { executor } = await withRequestTimeout(gatewayTaking(planMs).gateway).load({ apollo: {} });
    return executor!({ context: deadline === undefined ? {} : { deadline } } as never);
  };

  it('answers GATEWAY_TIMEOUT for a plan still running past the deadline and its grace', async () => {
    const answer = run(Infinity, Date.now() + 1_000);
    let settled = false;
    void answer.then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(1_000 + DEADLINE_GRACE_MS - 1);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const result = await answer;
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['GATEWAY_TIMEOUT']);
    expect(result.data).toBeUndefined();
  });

  it('gives a plan that ends in time its own answer, and leaves no timer behind', async () => {
    const answer = run(500, Date.now() + 1_000);
    await jest.advanceTimersByTimeAsync(500);
    expect(await answer).toEqual({ data: { ok: true } });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('passes through requests without a deadline, and the gateway lifecycle', async () => {
    const answer = run(10, undefined);
    await jest.advanceTimersByTimeAsync(10);
    expect(await answer).toEqual({ data: { ok: true } });
    const { gateway, stopped } = gatewayTaking(1);
    await withRequestTimeout(gateway).stop();
    expect(stopped.value).toBe(true);
  });
});
