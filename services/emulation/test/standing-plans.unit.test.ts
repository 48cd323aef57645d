import type { MemberFact } from '../src/domain/facts';
import { contributionsOf, disciplinedIn } from '../src/domain/membership';
import type { PlanFact } from '../src/domain/plans';
import { combinePlans, planOfYear } from '../src/domain/plans';
import { exemptedOn, factDisqualifiers } from '../src/domain/standing';

let n = 0;
const fact = (d: string, rest: Record<string, unknown>): MemberFact =>
  ({ e: `e${(n += 1)}`, s: n, d, ...rest }) as MemberFact;
const admitted = (d: string) => fact(d, { k: 'ADMITTED', org: 'C', ceremony: null });

describe('a member exempted from activities, on a day', () => {
  it.each([
    [
      'exempted with no end, the day after',
      [fact('2025-06-01', { k: 'EXEMPTED', org: 'C', until: null })],
      '2025-12-31',
      true,
    ],
    [
      'exempted from the day itself',
      [fact('2025-12-31', { k: 'EXEMPTED', org: 'C', until: null })],
      '2025-12-31',
      true,
    ],
    [
      'exempted after the day',
      [fact('2026-01-01', { k: 'EXEMPTED', org: 'C', until: null })],
      '2025-12-31',
      false,
    ],
    [
      'its last day is the day',
      [fact('2025-02-01', { k: 'EXEMPTED', org: 'C', until: '2025-12-31' })],
      '2025-12-31',
      true,
    ],
    [
      'its last day was before',
      [fact('2025-02-01', { k: 'EXEMPTED', org: 'C', until: '2025-12-30' })],
      '2025-12-31',
      false,
    ],
    [
      'ended before the day',
      [
        fact('2025-02-01', { k: 'EXEMPTED', org: 'C', until: null }),
        fact('2025-07-01', { k: 'EXEMPTION_ENDED', org: 'C' }),
      ],
      '2025-12-31',
      false,
    ],
    [
      'ended, then exempted again',
      [
        fact('2025-02-01', { k: 'EXEMPTED', org: 'C', until: null }),
        fact('2025-07-01', { k: 'EXEMPTION_ENDED', org: 'C' }),
        fact('2025-09-01', { k: 'EXEMPTED', org: 'C', until: null }),
      ],
      '2025-12-31',
      true,
    ],
    ['never exempted', [admitted('2020-01-01')], '2025-12-31', false],
  ])('%s', (_, facts, day, expected) => {
    expect(exemptedOn([admitted('2019-01-01'), ...facts], day)).toBe(expected);
  });
});

describe('disqualifiers established by the members service', () => {
  const period = ['2025-01-01', '2025-12-31'] as const;
  it.each([
    [
      'a reprimand in the year',
      [fact('2025-04-01', { k: 'DISCIPLINED', org: 'C', form: 'REPRIMAND' })],
      ['DISCIPLINED_IN_YEAR'],
    ],
    [
      'a warning on its first day',
      [fact('2025-01-01', { k: 'DISCIPLINED', org: 'C', form: 'WARNING' })],
      ['DISCIPLINED_IN_YEAR'],
    ],
    [
      'a dismissal on its last day',
      [fact('2025-12-31', { k: 'DISCIPLINED', org: 'C', form: 'DISMISSAL' })],
      ['DISCIPLINED_IN_YEAR'],
    ],
    [
      'a reprimand the year before',
      [fact('2024-12-31', { k: 'DISCIPLINED', org: 'C', form: 'REPRIMAND' })],
      [],
    ],
    [
      'an expulsion in the year',
      [fact('2025-05-01', { k: 'LEFT', org: 'C', reason: 'EXPELLED' })],
      ['DISCIPLINED_IN_YEAR'],
    ],
    ['a resignation', [fact('2025-05-01', { k: 'LEFT', org: 'C', reason: 'RESIGNED' })], []],
  ])('%s', (_, facts, expected) => {
    expect(factDisqualifiers([admitted('2020-01-01'), ...facts], ...period)).toEqual(expected);
  });
});

describe('contributions from registrations and discipline', () => {
  it('counts a registered member from the day they are placed, their probation where they are', () => {
    const out = contributionsOf([
      fact('2024-05-01', { k: 'REGISTERED', org: 'C', ceremony: '2024-03-01', probationary: true }),
    ]);
    expect(out.get('C')).toEqual({
      iv: [['2024-05-01', null]],
      adm: [],
      pr: [['2025-03-01', null, null]],
      exp: [],
    });
  });

  it('counts a member disciplined once a year, an expulsion by its departure', () => {
    const out = contributionsOf([
      admitted('2020-01-01'),
      fact('2025-03-01', { k: 'DISCIPLINED', org: 'C', form: 'REPRIMAND' }),
      fact('2025-08-01', { k: 'DISCIPLINED', org: 'C', form: 'EXPULSION' }),
      fact('2025-08-01', { k: 'LEFT', org: 'C', reason: 'EXPELLED' }),
    ]).get('C')!;
    expect(out.dis).toEqual(['2025-03-01']);
    expect(out.exp).toEqual(['2025-08-01']);
    expect(disciplinedIn(out, 2025)).toBe(true);
    expect(disciplinedIn(out, 2024)).toBe(false);
  });

  it('leaves the contribution of a member never disciplined as it was stored', () => {
    expect(Object.keys(contributionsOf([admitted('2020-01-01')]).get('C')!)).toEqual([
      'iv',
      'adm',
      'pr',
      'exp',
    ]);
  });
});

describe('the plan in force', () => {
  const plan = (facts: PlanFact[]) => planOfYear({ planId: 'p', organisationId: 'C', year: 2025, facts });
  const adopted = (s: number, quota: number, targets: Record<string, number>): PlanFact =>
    ({ e: `a${s}`, s, d: '2025-01-15', k: 'ADOPTED', revision: s, quota, targets }) as PlanFact;
  const progress = (s: number, admitted: Record<string, number>): PlanFact =>
    ({ e: `p${s}`, s, d: '2025-06-01', k: 'PROGRESS', admitted }) as PlanFact;

  it('takes the latest revision and the latest count, whatever order they came in', () => {
    expect(
      plan([
        progress(4, { WOMEN: 2, UNDER_30: 0 }),
        adopted(3, 5, { WOMEN: 2, UNDER_30: 1, STUDENT: 0 }),
        adopted(1, 9, { WOMEN: 4 }),
        progress(2, { WOMEN: 1 }),
      ]),
    ).toEqual({ quota: 5, structure: { targets: 2, met: 1 } });
  });

  it('has no target met before any count, and nothing without an adoption', () => {
    expect(plan([adopted(1, 3, { WOMEN: 1 })])).toEqual({ quota: 3, structure: { targets: 1, met: 0 } });
    expect(plan([progress(1, { WOMEN: 1 })])).toBeNull();
  });

  it('sums the plans of a unit and the units absorbed into it', () => {
    expect(
      combinePlans([
        { quota: 2, structure: { targets: 1, met: 1 } },
        undefined,
        { quota: 3, structure: { targets: 2, met: 0 } },
      ]),
    ).toEqual({ quota: 5, structure: { targets: 3, met: 1 } });
    expect(combinePlans([undefined])).toBeNull();
  });
});
