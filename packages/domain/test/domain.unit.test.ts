import {
  addDays,
  addMonths,
  dayOfWeek,
  defineRuleSets,
  eventIdentity,
  isCalendarDate,
  monthsBetween,
  NO_RULE_SET_IN_FORCE,
  Refusal,
  todayInVietnam,
  yearsBetween,
} from '../src';

describe('calendar', () => {
  it('knows real days and Vietnam time', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-2-1')).toBe(false);
    expect(isCalendarDate('2025-13-45')).toBe(false);
    // 17:00 UTC is midnight in Hanoi.
    expect(todayInVietnam(new Date('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
    expect(todayInVietnam(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
    expect(dayOfWeek('2025-07-01')).toBe(2);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });

  it.each([
    ['2007-05-15', '2025-05-14', 215],
    ['2007-05-15', '2025-05-15', 216],
    ['2024-01-31', '2024-02-29', 1],
    ['2024-01-31', '2024-02-28', 0],
    ['2025-03-31', '2025-04-30', 1],
    ['2025-05-15', '2025-05-15', 0],
    ['2025-05-15', '2024-05-15', -12],
  ])('months from %s to %s: %i', (from, to, months) => {
    expect(monthsBetween(from, to)).toBe(months);
  });

  it('adds months the way people count them', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-06-15', 12)).toBe('2025-06-15');
    expect(addMonths('2024-03-15', -3)).toBe('2023-12-15');
    expect(yearsBetween('1965-09-01', '2025-08-31')).toBe(59);
    expect(yearsBetween('1965-09-01', '2025-09-01')).toBe(60);
  });
});

describe('dated rule sets', () => {
  const table = defineRuleSets('test rules', [
    { effectiveFrom: '2016-01-01', legalReference: 'Old rule', limit: 1 },
    { effectiveFrom: '2025-07-01', legalReference: 'New rule', limit: 2 },
  ]);

  it('picks the entry in force on the day, boundaries included', () => {
    expect(table.at('2016-01-01').limit).toBe(1);
    expect(table.at('2025-06-30').limit).toBe(1);
    expect(table.at('2025-07-01').limit).toBe(2);
    expect(table.at('2099-01-01').legalReference).toBe('New rule');
  });

  it('refuses a date before the first entry, never falling back', () => {
    expect(() => table.at('2015-12-31', ['effectiveDate'])).toThrow(
      expect.objectContaining({ code: NO_RULE_SET_IN_FORCE, field: ['effectiveDate'] }),
    );
    expect(() => table.at('2015-12-31')).toThrow(Refusal);
    expect(() => table.at('not a date')).toThrow(expect.objectContaining({ code: 'DATE_FORMAT' }));
  });

  it('refuses a date after an entry that ended without a successor', () => {
    const ended = defineRuleSets('ended rules', [
      { effectiveFrom: '2020-01-01', effectiveUntil: '2020-12-31', legalReference: 'Temporary' },
    ]);
    expect(ended.at('2020-12-31').legalReference).toBe('Temporary');
    expect(() => ended.at('2021-01-01')).toThrow(/ended on 2020-12-31/);
  });

  it('rejects tables out of order, overlapping or without a legal reference', () => {
    expect(() =>
      defineRuleSets('x', [
        { effectiveFrom: '2020-01-01', legalReference: 'B' },
        { effectiveFrom: '2019-01-01', legalReference: 'A' },
      ]),
    ).toThrow(/in order/);
    expect(() =>
      defineRuleSets('x', [
        { effectiveFrom: '2020-01-01', effectiveUntil: '2021-06-01', legalReference: 'A' },
        { effectiveFrom: '2021-01-01', legalReference: 'B' },
      ]),
    ).toThrow(/after the next entry starts/);
    expect(() => defineRuleSets('x', [{ effectiveFrom: '2020-01-01', legalReference: ' ' }])).toThrow(
      /legalReference/,
    );
    expect(() => defineRuleSets('x', [])).toThrow(/at least one/);
  });
});

describe('stamp', () => {
  it('gives each event its own id and the command time', () => {
    let n = 0;
    const stamp = { time: new Date('2025-07-01T01:00:00Z'), newId: () => `id-${++n}` };
    expect(eventIdentity(stamp)).toEqual({ id: 'id-1', time: stamp.time });
    expect(eventIdentity(stamp)).toEqual({ id: 'id-2', time: stamp.time });
  });
});
