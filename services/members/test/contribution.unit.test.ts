import { contribution, figuresDelta } from '../src/domain/contribution';
import type { FiguresDelta } from '../src/domain/contribution';
import { decideExemption, decideLeaving, decideRecognition } from '../src/domain/lifecycle';
import type { MemberFile } from '../src/domain/member';
import { decideReadmission } from '../src/domain/returns';
import { decideAcceptance, decideLetter, decideStayEnd } from '../src/domain/transfers';
import { next, registered, TODAY } from './fixtures';

const at = (deltas: FiguresDelta[], organisationId: string, date: string) =>
  deltas.find((d) => d.organisationId === organisationId && d.date === date)?.counts ?? {};

/** Sums deltas into one set of counts per organisation, as the figures documents do. */
function fold(...all: FiguresDelta[][]): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const deltas of all) {
    for (const { organisationId, counts } of deltas) {
      const target = (result[organisationId] ??= {});
      for (const [key, n] of Object.entries(counts)) target[key] = (target[key] ?? 0) + n;
    }
  }
  for (const [id, counts] of Object.entries(result)) {
    for (const key of Object.keys(counts)) if (counts[key] === 0) delete counts[key];
    if (Object.keys(counts).length === 0) delete result[id];
  }
  return result;
}

describe('what a file contributes to the statistics', () => {
  it('counts a registered official member from the decision, with every attribute, and the movements', () => {
    const deltas = figuresDelta(null, registered());
    expect(at(deltas, 'A', '2010-05-19')).toEqual({
      members: 1,
      'status:PROBATIONARY': 1,
      'sex:FEMALE': 1,
      'ethnicity:02': 1,
      minority: 1,
      'born:1985-03-12': 1,
      'education:UPPER_SECONDARY': 1,
      'qualification:UNIVERSITY': 1,
      university: 1,
      'theory:INTERMEDIATE': 1,
      youthUnion: 1,
      'flow:admitted': 1,
      'adm:women': 1,
      'adm:minority': 1,
      'adm:youthUnion': 1,
    });
    expect(at(deltas, 'A', '2011-06-02')).toEqual({
      'status:PROBATIONARY': -1,
      'status:OFFICIAL': 1,
      'flow:recognised': 1,
    });
    expect(deltas).toHaveLength(2);
  });

  it('moves the member and their attributes on a permanent transfer, with the transfer on both sides', () => {
    const before = registered();
    const issued = next(
      decideLetter(before, {
        letterId: 'l-1',
        toOrganisationId: 'B',
        kind: 'PERMANENT',
        letterNumber: null,
        effectiveDate: '2026-03-01',
        today: TODAY,
      }),
    );
    const moved = next(decideAcceptance(issued, { effectiveDate: '2026-03-10', today: TODAY }));
    const deltas = figuresDelta(issued, moved);
    expect(at(deltas, 'A', '2026-03-10')).toMatchObject({ members: -1, 'status:OFFICIAL': -1, 'tout:B': 1 });
    expect(at(deltas, 'B', '2026-03-10')).toMatchObject({ members: 1, 'status:OFFICIAL': 1, 'tin:A': 1 });
    // Issuing the letter changes no count: the member stays where they are until accepted.
    expect(figuresDelta(before, issued)).toEqual([]);
  });

  it('keeps a temporarily transferred member counted at home, noted on both sides', () => {
    const before = registered();
    const issued = next(
      decideLetter(before, {
        letterId: 'l-1',
        toOrganisationId: 'B',
        kind: 'TEMPORARY',
        letterNumber: null,
        effectiveDate: '2026-03-01',
        today: TODAY,
      }),
    );
    const away = next(decideAcceptance(issued, { effectiveDate: '2026-03-10', today: TODAY }));
    expect(figuresDelta(issued, away)).toEqual([
      { organisationId: 'A', date: '2026-03-10', counts: { tempAway: 1 } },
      { organisationId: 'B', date: '2026-03-10', counts: { tempHere: 1 } },
    ]);
    const back = next(decideStayEnd(away, { effectiveDate: '2026-09-01', today: TODAY }));
    expect(fold(figuresDelta(null, back))).toEqual(fold(figuresDelta(null, before)));
  });

  it('takes everything back from the day a member leaves, with the reason', () => {
    const before = registered();
    const left = next(
      decideLeaving(before, { reason: 'DECEASED', effectiveDate: '2026-05-05', today: TODAY }),
    );
    const counts = at(figuresDelta(before, left), 'A', '2026-05-05');
    expect(counts).toMatchObject({ members: -1, 'status:OFFICIAL': -1, 'sex:FEMALE': -1, 'flow:died': 1 });
  });

  it('counts a readmission as an admission (and a readmission) in the new cell', () => {
    const removed = next(
      decideLeaving(registered(), { reason: 'REMOVED', effectiveDate: '2020-01-10', today: TODAY }),
    );
    const back = next(
      decideReadmission(removed, {
        organisationId: 'B',
        effectiveDate: '2024-02-01',
        decisionNumber: '3-QĐ',
        ceremonyDate: '2024-02-15',
        today: TODAY,
      }),
    );
    expect(at(figuresDelta(removed, back), 'B', '2024-02-01')).toMatchObject({
      members: 1,
      'status:PROBATIONARY': 1,
      'flow:admitted': 1,
      'flow:readmitted': 1,
    });
  });

  it('adds up: the deltas of every change of a file sum to what the file contributes now', () => {
    const files: MemberFile[] = [
      registered({ officialDate: null, decisionDate: '2025-09-01', ceremonyDate: '2025-09-10' }),
    ];
    const push = (f: MemberFile) => files.push(f);
    push(
      next(
        decideRecognition(files.at(-1)!, {
          decision: { number: '9-QĐ', date: '2026-09-20', issuedBy: null },
          today: TODAY,
        }),
      ),
    );
    push(
      next(
        decideExemption(files.at(-1)!, {
          effectiveDate: '2026-10-01',
          until: null,
          reason: 'Ốm đau',
          today: TODAY,
        }),
      ),
    );
    push(
      next(
        decideLetter(files.at(-1)!, {
          letterId: 'l',
          toOrganisationId: 'B',
          kind: 'PERMANENT',
          letterNumber: null,
          effectiveDate: '2026-10-05',
          today: TODAY,
        }),
      ),
    );
    push(next(decideAcceptance(files.at(-1)!, { effectiveDate: '2026-10-06', today: TODAY })));
    push(
      next(decideLeaving(files.at(-1)!, { reason: 'RESIGNED', effectiveDate: '2026-11-01', today: TODAY })),
    );
    const steps = files.map((file, i) => figuresDelta(i === 0 ? null : files[i - 1]!, file));
    const final = files.at(-1)!;
    expect(fold(...steps)).toEqual(
      fold(
        [...contribution(final)].map(([id, counts]) => {
          const [organisationId, date] = id.split('|') as [string, string];
          return { organisationId, date, counts };
        }),
      ),
    );
    // Nobody is counted at the end: only the movements remain.
    const totals = fold(...steps);
    expect(
      Object.keys(totals.A ?? {}).filter(
        (k) => !k.startsWith('flow:') && !k.startsWith('adm:') && !k.startsWith('tout:'),
      ),
    ).toEqual([]);
    expect(totals.B).toEqual({ 'tin:A': 1, 'flow:resigned': 1 });
  });
});
