import { readFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from './compose';

describe('committed supergraph', () => {
  it('composes from the subgraph SDLs and is up to date (run `npm run compose:supergraph` if not)', () => {
    const composed = composeSupergraph();
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composed);
  });
});
