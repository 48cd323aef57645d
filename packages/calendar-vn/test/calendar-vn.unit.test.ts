import Holidays from 'date-holidays';
import { createWorkingCalendar, lunarNewYear, lunarToSolar, statutoryHolidays } from '../src';
import type { OfficialSchedule } from '../src';

const calendar = createWorkingCalendar();

describe('the Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [1985, '1985-01-21'], // Vietnam's Tết a month before China's (1985-02-20): the UTC+7 meridian
    [2007, '2007-02-17'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2030, '2030-02-02'],
  ])('Tết %i falls on %s', (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('the Hùng Kings’ day (10/3 lunar) of %i is %s', (year, date) => {
    expect(lunarToSolar(10, 3, year)).toBe(date);
  });

  it('agrees with the date-holidays library on Tết and the Hùng Kings’ day for 1968–2049', () => {
    const library = new Holidays('VN');
    const disagreements: string[] = [];
    for (let year = 1968; year <= 2049; year += 1) {
      const listed = library.getHolidays(year);
      const tet = listed.find((h) => h.name === 'Tết Nguyên Đán')?.date.slice(0, 10);
      const hung = listed.find((h) => h.name === 'Giỗ tổ Hùng Vương')?.date.slice(0, 10);
      if (tet !== lunarNewYear(year)) disagreements.push(`${year} Tết ${tet} vs ${lunarNewYear(year)}`);
      if (hung !== lunarToSolar(10, 3, year)) disagreements.push(`${year} Hùng ${hung}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses years it does not compute', () => {
    expect(() => lunarNewYear(1899)).toThrow(RangeError);
  });
});

describe('statutory holidays for a year with no official schedule', () => {
  it('gives 2030 the five Tết days, National Day with the day after a Monday, and compensatory days', () => {
    const days = statutoryHolidays(2030).map((d) => `${d.date} ${d.occasion} ${d.kind}`);
    // Tết 2030 is Saturday 2 February: 1/2 (Fri) to 5/2 (Tue); Sat and Sun give Wed 6 and Thu 7 off.
    // 2/9/2030 is a Monday: the second day is Tuesday 3/9 (as the 2024 schedule did).
    expect(days).toEqual([
      '2030-01-01 NEW_YEAR HOLIDAY',
      '2030-02-01 TET HOLIDAY',
      '2030-02-02 TET HOLIDAY',
      '2030-02-03 TET HOLIDAY',
      '2030-02-04 TET HOLIDAY',
      '2030-02-05 TET HOLIDAY',
      '2030-02-06 TET COMPENSATORY',
      '2030-02-07 TET COMPENSATORY',
      '2030-04-12 HUNG_KINGS HOLIDAY',
      '2030-04-30 REUNIFICATION HOLIDAY',
      '2030-05-01 LABOUR_DAY HOLIDAY',
      '2030-09-02 NATIONAL_DAY HOLIDAY',
      '2030-09-03 NATIONAL_DAY HOLIDAY',
    ]);
  });

  it('gives National Day one day before the 2019 labour code took effect (2020)', () => {
    expect(statutoryHolidays(2020).filter((d) => d.occasion === 'NATIONAL_DAY')).toHaveLength(1);
  });
});

describe('working days', () => {
  it.each([
    // [date, working?, reason]
    ['2025-01-24', true, 'WORKING_DAY'], // the Friday before Tết 2025
    ['2025-01-27', false, 'HOLIDAY'], // Tết 2025, by the official schedule (statute alone: 28/1 onwards)
    ['2025-01-31', false, 'HOLIDAY'],
    ['2025-02-03', true, 'WORKING_DAY'], // no compensatory day: the schedule replaced the statute's Tết
    ['2025-04-26', true, 'SWAPPED_WORKING_DAY'], // a Saturday worked for Friday 2 May
    ['2025-05-02', false, 'COMPENSATORY'],
    ['2025-09-01', false, 'HOLIDAY'],
    ['2025-07-05', false, 'WEEKEND'],
    ['2026-02-16', false, 'HOLIDAY'], // Tết 2026 by the schedule
    ['2026-04-27', false, 'COMPENSATORY'], // Hùng Kings' day 2026 is a Sunday: Monday off (statute)
  ] as const)('%s working=%s (%s)', (date, working, reason) => {
    expect(calendar.status(date)).toMatchObject({ working, reason });
  });

  it('counts "within n working days" from the day after, across weekends and Tết', () => {
    // Friday 24 Jan 2025 + 1 working day: Mon 27 – Fri 31 are Tết, so Monday 3 February.
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    // Friday + 1 in an ordinary week is Monday; + 5 the next Friday.
    expect(calendar.addWorkingDays('2025-03-07', 1)).toBe('2025-03-10');
    expect(calendar.addWorkingDays('2025-03-07', 5)).toBe('2025-03-14');
    // Over 30/4–1/5 2025: after Tue 29 Apr, 30/4, 1/5 and 2/5 are off, then the weekend: Mon 5, Tue 6, Wed 7.
    expect(calendar.addWorkingDays('2025-04-29', 3)).toBe('2025-05-07');
    expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26'); // the swapped Saturday counts
    expect(calendar.addWorkingDays('2025-03-07', 0)).toBe('2025-03-07');
  });

  it('counts working days between two dates as the inverse of adding them', () => {
    for (const [from, n] of [
      ['2025-01-20', 30],
      ['2025-12-15', 60],
      ['2026-01-30', 90],
      ['2031-01-10', 30],
    ] as const) {
      const to = calendar.addWorkingDays(from, n);
      expect(calendar.workingDaysBetween(from, to)).toBe(n);
      expect(calendar.isWorkingDay(to)).toBe(true);
    }
    expect(calendar.workingDaysBetween('2025-03-10', '2025-03-10')).toBe(0);
    expect(calendar.workingDaysBetween('2025-03-10', '2025-03-01')).toBe(0);
  });

  it('takes another year’s official schedule as data: the named occasions are replaced, the rest stay', () => {
    const decided: OfficialSchedule = {
      year: 2031,
      source: 'test schedule',
      daysOff: [
        { date: '2031-01-21', occasion: 'TET', kind: 'HOLIDAY' },
        { date: '2031-01-22', occasion: 'TET', kind: 'HOLIDAY' },
        { date: '2031-01-23', occasion: 'TET', kind: 'HOLIDAY' },
        { date: '2031-01-24', occasion: 'TET', kind: 'HOLIDAY' },
        { date: '2031-01-27', occasion: 'TET', kind: 'HOLIDAY' },
        { date: '2031-11-24', occasion: 'OTHER', kind: 'HOLIDAY', name: 'a new day off' },
      ],
      workingDays: [{ date: '2031-02-08', reason: 'swapped' }],
    };
    const custom = createWorkingCalendar([decided]);
    expect(custom.isWorkingDay('2031-01-27')).toBe(false);
    expect(custom.isWorkingDay('2031-02-08')).toBe(true);
    expect(custom.isWorkingDay('2031-11-24')).toBe(false);
    expect(custom.status('2031-04-30').reason).toBe('HOLIDAY'); // not named: still the statute's
    // The statute's Tết days that the schedule did not keep are working days again.
    const statuteTet = statutoryHolidays(2031).filter((d) => d.occasion === 'TET');
    const kept = new Set(decided.daysOff.map((d) => d.date));
    for (const day of statuteTet.filter((d) => !kept.has(d.date))) {
      expect(custom.status(day.date).reason).not.toBe(day.kind);
    }
  });

  it('refuses a schedule with a working day that is not a weekend or a date of another year', () => {
    const base = { year: 2031, source: 's', daysOff: [] };
    expect(() =>
      createWorkingCalendar([{ ...base, workingDays: [{ date: '2031-03-03', reason: 'a Monday' }] }]),
    ).toThrow(/not a weekend day/);
    expect(() =>
      createWorkingCalendar([
        { ...base, daysOff: [{ date: '2030-03-03', occasion: 'OTHER', kind: 'HOLIDAY' }], workingDays: [] },
      ]),
    ).toThrow(/not a date of 2031/);
  });
});
