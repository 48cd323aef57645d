import { Refusal } from '@dangvien/domain';
import type { ClassificationLevel } from '@dangvien/contracts';
import { classificationRulesFor } from '../src/domain/classification-rules';
import type { ClassificationRuleSet, Disqualifier } from '../src/domain/classification-rules';
import type { ClassifyInput, TaskCounts } from '../src/domain/classify';
import { classify, levelFor } from '../src/domain/classify';
import { checkExcellentCap, excellentAllowed, NO_LEVELS } from '../src/domain/excellent-cap';
import type { LevelCounts } from '../src/domain/excellent-cap';

const rules = classificationRulesFor('2025-12-31');
/** Every task done on time, 3 of 10 exceeded: nothing but the score stands between a subject and EXCELLENT. */
const PERFECT: TaskCounts = { total: 10, completed: 10, onTime: 10, exceeded: 3 };

const input = (over: Partial<ClassifyInput> & { total?: number }): ClassifyInput => ({
  subjectKind: 'MEMBER',
  scores: { commonCriteria: 30, taskResults: 70 },
  tasks: PERFECT,
  findings: [],
  facts: [],
  subordinates: null,
  ...over,
});

function refusalOf(run: () => unknown): Refusal {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the rules in force', () => {
  it('are QĐ 366 for 2025 and QĐ 124 for 2024, and refused before QĐ 124', () => {
    expect(classificationRulesFor('2025-12-31').legalReference).toBe('QĐ 366-QĐ/TW of 30 Aug 2025');
    expect(classificationRulesFor('2024-12-31').legalReference).toBe('QĐ 124-QĐ/TW of 4 Oct 2023');
    expect(refusalOf(() => classificationRulesFor('2022-12-31')).code).toBe('NO_RULE_SET_IN_FORCE');
  });
});

describe('band boundaries (90 / 70 / 50)', () => {
  it.each<[number, number, ClassificationLevel, string | null]>([
    [30, 70, 'EXCELLENT', null],
    [30, 60, 'EXCELLENT', null],
    [29.9, 60.1, 'EXCELLENT', null],
    [30, 59.9, 'GOOD', 'EXCELLENT_REQUIRES_SCORE'],
    [20, 50, 'GOOD', 'EXCELLENT_REQUIRES_SCORE'],
    [19.9, 50, 'COMPLETED', 'GOOD_REQUIRES_SCORE'],
    [10, 40, 'COMPLETED', 'GOOD_REQUIRES_SCORE'],
    [10, 39.9, 'NOT_COMPLETED', 'COMPLETED_REQUIRES_SCORE'],
    [0, 0, 'NOT_COMPLETED', 'COMPLETED_REQUIRES_SCORE'],
  ])('%d + %d points → %s', (commonCriteria, taskResults, level, firstBlock) => {
    const result = classify(rules, input({ scores: { commonCriteria, taskResults } }));
    expect(result.score).toBe(Math.round((commonCriteria + taskResults) * 100) / 100);
    expect(result.highest).toBe(level);
    expect(result.disqualifiers).toEqual([]);
    expect(result.blocked[result.blocked.length - 1]?.rule ?? null).toBe(firstBlock);
  });

  it('asking for a level above the band is refused with the rule and the regulation', () => {
    const at = classify(rules, input({ scores: { commonCriteria: 30, taskResults: 59.9 } }));
    const refusal = refusalOf(() => levelFor(rules, at, 'EXCELLENT'));
    expect(refusal).toMatchObject({ code: 'EXCELLENT_REQUIRES_SCORE', legalReference: rules.legalReference });
    expect(levelFor(rules, at, 'COMPLETED')).toBe('COMPLETED'); // lower than allowed: the committee's judgement
    expect(levelFor(rules, at, null)).toBe('GOOD');
  });

  it.each([
    [{ commonCriteria: 30.01, taskResults: 0 }, 'commonCriteria'],
    [{ commonCriteria: 0, taskResults: 70.5 }, 'taskResults'],
    [{ commonCriteria: -1, taskResults: 0 }, 'commonCriteria'],
  ])('a score outside the scale %j is refused (SCORE_OUT_OF_RANGE)', (scores, field) => {
    expect(refusalOf(() => classify(rules, input({ scores })))).toMatchObject({
      code: 'SCORE_OUT_OF_RANGE',
      field: ['scores', field],
    });
  });
});

describe('EXCELLENT needs every task on time and at least 30% exceeded', () => {
  it.each<[TaskCounts, ClassificationLevel, string | null]>([
    [{ total: 10, completed: 10, onTime: 10, exceeded: 3 }, 'EXCELLENT', null],
    [{ total: 10, completed: 10, onTime: 10, exceeded: 2 }, 'GOOD', 'EXCELLENT_REQUIRES_TASKS_EXCEEDED'],
    [{ total: 7, completed: 7, onTime: 7, exceeded: 2 }, 'GOOD', 'EXCELLENT_REQUIRES_TASKS_EXCEEDED'], // 28.6%
    [{ total: 7, completed: 7, onTime: 7, exceeded: 3 }, 'EXCELLENT', null], // 42.9%
    [{ total: 10, completed: 10, onTime: 9, exceeded: 5 }, 'GOOD', 'EXCELLENT_REQUIRES_ALL_TASKS_ON_TIME'],
    [{ total: 10, completed: 9, onTime: 9, exceeded: 5 }, 'COMPLETED', 'GOOD_REQUIRES_ALL_TASKS_COMPLETED'],
  ])('%j at 95 points → %s', (tasks, level, rule) => {
    const result = classify(rules, input({ scores: { commonCriteria: 30, taskResults: 65 }, tasks }));
    expect(result.highest).toBe(level);
    expect(result.blocked.at(-1)?.rule ?? null).toBe(rule);
  });

  it.each([
    { total: 0, completed: 0, onTime: 0, exceeded: 0 },
    { total: 5, completed: 6, onTime: 5, exceeded: 0 },
    { total: 5, completed: 5, onTime: 6, exceeded: 0 },
    { total: 5, completed: 4, onTime: 4, exceeded: 5 },
    { total: 5, completed: 4.5, onTime: 4, exceeded: 0 },
  ])('impossible task counts %j are refused (TASKS_INVALID)', (tasks) => {
    expect(refusalOf(() => classify(rules, input({ tasks }))).code).toBe('TASKS_INVALID');
  });
});

describe('disqualifiers force NOT_COMPLETED whatever the score', () => {
  const org = (over: Partial<ClassifyInput>) => input({ subjectKind: 'ORGANISATION', ...over });
  it.each<[string, ClassifyInput, Disqualifier[]]>([
    [
      'a member disciplined in the year (entered)',
      input({ findings: ['DISCIPLINED_IN_YEAR'] }),
      ['DISCIPLINED_IN_YEAR'],
    ],
    [
      'a member disciplined in the year (from events)',
      input({ facts: ['DISCIPLINED_IN_YEAR'] }),
      ['DISCIPLINED_IN_YEAR'],
    ],
    [
      'an organisation disciplined in the year',
      org({ findings: ['DISCIPLINED_IN_YEAR'] }),
      ['DISCIPLINED_IN_YEAR'],
    ],
    [
      '4 of 10 targets met (under half)',
      input({ tasks: { total: 10, completed: 4, onTime: 4, exceeded: 0 } }),
      ['UNDER_HALF_OF_TARGETS'],
    ],
    [
      '3 of 10 subordinate units disciplined (over 20%)',
      org({ subordinates: { total: 10, disciplined: 3 } }),
      ['SUBORDINATES_DISCIPLINED'],
    ],
    ['internal disunity', org({ findings: ['INTERNAL_DISUNITY'] }), ['INTERNAL_DISUNITY']],
    ['a degraded member', input({ findings: ['DEGRADATION'] }), ['DEGRADATION']],
    ['a degraded organisation', org({ findings: ['DEGRADATION'] }), ['DEGRADATION']],
  ])('%s', (_, given, expected) => {
    const result = classify(rules, given);
    expect(result.highest).toBe('NOT_COMPLETED');
    expect(result.disqualifiers).toEqual(expected);
    expect(result.blocked.map((b) => b.rule)).toEqual(['DISQUALIFIED', 'DISQUALIFIED', 'DISQUALIFIED']);
    expect(refusalOf(() => levelFor(rules, result, 'COMPLETED'))).toMatchObject({
      code: 'DISQUALIFIED',
      legalReference: rules.legalReference,
    });
  });

  it.each<[string, ClassifyInput, ClassificationLevel]>([
    [
      '5 of 10 targets met is half, not under half',
      input({
        scores: { commonCriteria: 20, taskResults: 40 },
        tasks: { total: 10, completed: 5, onTime: 5, exceeded: 0 },
      }),
      'COMPLETED',
    ],
    [
      '2 of 10 subordinates disciplined is 20%, not over',
      org({ subordinates: { total: 10, disciplined: 2 } }),
      'EXCELLENT',
    ],
  ])('just short of a disqualifier: %s', (_, given, level) => {
    const result = classify(rules, given);
    expect(result.disqualifiers).toEqual([]);
    expect(result.highest).toBe(level);
  });

  it.each<[string, ClassifyInput]>([
    ['internal disunity is not a finding about a member', input({ findings: ['INTERNAL_DISUNITY'] })],
    ['under half of targets is computed, not entered', input({ findings: ['UNDER_HALF_OF_TARGETS'] })],
    ['subordinates disciplined is computed, not entered', org({ findings: ['SUBORDINATES_DISCIPLINED'] })],
  ])('%s (FINDING_NOT_APPLICABLE)', (_, given) => {
    expect(refusalOf(() => classify(rules, given))).toMatchObject({
      code: 'FINDING_NOT_APPLICABLE',
      field: ['findings'],
    });
  });
});

describe('the excellent cap (≤ 20% of those rated GOOD per scope)', () => {
  const counts = (over: Partial<LevelCounts>): LevelCounts => ({ ...NO_LEVELS, ...over });
  it.each<[Partial<LevelCounts>, number]>([
    [{ GOOD: 10 }, 2],
    [{ GOOD: 14 }, 2], // 2.8 rounds down
    [{ GOOD: 15 }, 3],
    [{ GOOD: 4 }, 0],
    [{ GOOD: 0, COMPLETED: 30 }, 0],
  ])('%j allows %d EXCELLENT', (given, allowed) => {
    expect(excellentAllowed(rules, 'MEMBER', counts(given)).allowed).toBe(allowed);
  });

  it('refuses the decision that goes over, naming the rule and the regulation', () => {
    const before = counts({ GOOD: 10, EXCELLENT: 2 });
    const refusal = refusalOf(() =>
      checkExcellentCap(rules, 'MEMBER', before, counts({ GOOD: 10, EXCELLENT: 3 }), 'S'),
    );
    expect(refusal).toMatchObject({
      code: 'EXCELLENT_CAP_EXCEEDED',
      field: ['decisions'],
      legalReference: rules.legalReference,
    });
    expect(refusal.message).toContain('at most 20% of the 10 rated GOOD, i.e. 2');
    expect(() =>
      checkExcellentCap(rules, 'MEMBER', counts({ GOOD: 10, EXCELLENT: 1 }), before, 'S'),
    ).not.toThrow();
  });

  it('refuses lowering a GOOD when it takes the allowance below the EXCELLENT already decided', () => {
    const before = counts({ GOOD: 10, EXCELLENT: 2 });
    const after = counts({ GOOD: 9, COMPLETED: 1, EXCELLENT: 2 });
    expect(refusalOf(() => checkExcellentCap(rules, 'MEMBER', before, after, 'S')).code).toBe(
      'EXCELLENT_CAP_EXCEEDED',
    );
  });

  it('never refuses a change that brings a scope already over the cap back towards it', () => {
    const over = counts({ GOOD: 5, EXCELLENT: 3 });
    expect(() =>
      checkExcellentCap(rules, 'MEMBER', over, counts({ GOOD: 6, EXCELLENT: 2 }), 'S'),
    ).not.toThrow();
  });

  it.each<[ClassificationRuleSet['excellentCap']['MEMBER'], Partial<LevelCounts>, number]>([
    [{ percent: 20, of: 'GOOD_OR_BETTER', scope: 'GRASSROOTS' }, { GOOD: 8, EXCELLENT: 2 }, 2],
    [{ percent: 20, of: 'GRADED', scope: 'GRASSROOTS' }, { GOOD: 5, COMPLETED: 10, NOT_COMPLETED: 5 }, 4],
    [{ percent: 10, of: 'GOOD', scope: 'PROVINCE' }, { GOOD: 25 }, 2],
  ])('is configurable: %j over %j allows %d', (cap, given, allowed) => {
    const custom: ClassificationRuleSet = { ...rules, excellentCap: { ...rules.excellentCap, MEMBER: cap } };
    expect(excellentAllowed(custom, 'MEMBER', counts(given)).allowed).toBe(allowed);
  });
});
