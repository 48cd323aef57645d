import { Refusal } from '@dangvien/domain';
import {
  educationLevelOf,
  ethnicityCodeOf,
  qualificationLevelOf,
  religionOf,
  theoryLevelOf,
  ETHNICITIES,
} from '../src/domain/catalogue';
import { decideLeaving, decideRecognition } from '../src/domain/lifecycle';
import { badgeMilestones, badgesDue, dayPartyAgeReaches, partyAgeYears } from '../src/domain/party-age';
import { decideReadmission, decideRestoration } from '../src/domain/returns';
import { mapHeaders, parseDate } from '../src/import/columns';
import { next, registered, TODAY } from './fixtures';

const refusal = (work: () => unknown): Refusal => {
  try {
    work();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('catalogues', () => {
  it('has the 54 ethnic groups, codes 01–54, and reads names and codes as lists write them', () => {
    expect(ETHNICITIES).toHaveLength(54);
    expect(ETHNICITIES.map(([code]) => code)).toEqual(
      Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(ethnicityCodeOf('Tày')).toBe('02');
    expect(ethnicityCodeOf('sán dìu')).toBe('18');
    expect(ethnicityCodeOf('7')).toBe('07');
    expect(ethnicityCodeOf('H’Mông')).toBe('08');
    expect(ethnicityCodeOf('55')).toBeNull();
    expect(ethnicityCodeOf('Elf')).toBeNull();
  });

  it('reads levels and religions written in Vietnamese', () => {
    expect(theoryLevelOf('Trung cấp')).toBe('INTERMEDIATE');
    expect(theoryLevelOf('cao cap')).toBe('ADVANCED');
    expect(qualificationLevelOf('Cử nhân Kinh tế')).toBe('UNIVERSITY');
    expect(qualificationLevelOf('Thạc sĩ Quản lý')).toBe('MASTER');
    expect(qualificationLevelOf('Cao đẳng sư phạm')).toBe('COLLEGE');
    expect(religionOf('Không')).toBeNull();
    expect(religionOf('Thiên Chúa giáo')).toBe('CATHOLICISM');
    expect(religionOf('Phật giáo Hòa Hảo')).toBe('HOA_HAO');
    expect(educationLevelOf('12/12')).toBe('UPPER_SECONDARY');
    expect(educationLevelOf('10/10')).toBe('UPPER_SECONDARY');
    expect(educationLevelOf('9/12')).toBe('LOWER_SECONDARY');
    expect(educationLevelOf('5/12')).toBe('PRIMARY');
    expect(educationLevelOf('13/12')).toBeNull();
  });
});

describe('Party age and badges', () => {
  it('counts from the decision date, without the time out of the Party; a restoration closes the gap', () => {
    const file = registered({
      decisionDate: '1990-05-19',
      ceremonyDate: '1990-06-02',
      officialDate: '1991-06-02',
    });
    expect(partyAgeYears(file, '2020-05-18')).toBe(29);
    expect(partyAgeYears(file, '2020-05-19')).toBe(30);
    const removed = next(
      decideLeaving(file, { reason: 'REMOVED', effectiveDate: '2012-05-19', today: TODAY }),
    );
    const back = next(
      decideReadmission(removed, {
        organisationId: 'A',
        effectiveDate: '2017-05-19',
        decisionNumber: '1',
        ceremonyDate: null,
        today: TODAY,
      }),
    );
    // Five years out: thirty years of Party age on 2025-05-19, not 2020.
    expect(partyAgeYears(back, '2025-05-18')).toBe(29);
    expect(dayPartyAgeReaches(back, 30)).toBe('2025-05-19');
    const expelled = next(
      decideLeaving(file, { reason: 'EXPELLED', effectiveDate: '2012-05-19', today: TODAY }),
    );
    const restored = next(
      decideRestoration(expelled, {
        effectiveDate: '2013-05-19',
        reason: 'Quyết định khai trừ bị hủy',
        decision: { number: '7', date: '2013-05-19', issuedBy: null },
        today: TODAY,
      }),
    );
    expect(dayPartyAgeReaches(restored, 30)).toBe('2020-05-19');
  });

  it('lists the milestones reached and not awarded', () => {
    const file = registered({
      decisionDate: '1980-03-01',
      ceremonyDate: '1980-03-15',
      officialDate: '1981-03-15',
    });
    const milestones = [30, 40, 45, 50];
    expect(badgeMilestones(file, milestones)).toEqual([
      { years: 30, date: '2010-03-01' },
      { years: 40, date: '2020-03-01' },
      { years: 45, date: '2025-03-01' },
      { years: 50, date: '2030-03-01' },
    ]);
    expect(
      badgesDue(
        { ...file, badges: [{ years: 30, awardedOn: '2010-09-02', decision: null }] },
        milestones,
        TODAY,
      ),
    ).toEqual([40, 45]);
  });
});

describe('lifecycle rules (details the API tests do not reach)', () => {
  it('makes a probationary member official from the end of the 12 months, not from the approval', () => {
    const file = registered({ decisionDate: '2025-03-01', ceremonyDate: '2025-03-10', officialDate: null });
    expect(
      refusal(() =>
        decideRecognition(file, {
          decision: { number: '1', date: '2026-03-09', issuedBy: null },
          today: TODAY,
        }),
      ).code,
    ).toBe('PROBATION_NOT_ENDED');
    const decided = decideRecognition(file, {
      decision: { number: '1', date: '2026-05-20', issuedBy: null },
      today: TODAY,
    });
    expect(decided.file.admission.officialDate).toBe('2026-03-10');
    expect(decided.effectiveDate).toBe('2026-03-10');
  });

  it('readmits once, after 36 months, never when the cause barred it', () => {
    const base = registered();
    const removed = next(
      decideLeaving(base, { reason: 'REMOVED', effectiveDate: '2020-01-10', today: TODAY }),
    );
    const readmit = (file: typeof base, date: string) =>
      decideReadmission(file, {
        organisationId: 'A',
        effectiveDate: date,
        decisionNumber: '1',
        ceremonyDate: null,
        today: TODAY,
      });
    expect(refusal(() => readmit(removed, '2022-12-31')).code).toBe('READMISSION_TOO_SOON');
    const again = next(readmit(removed, '2023-01-10'));
    const removedAgain = next(
      decideLeaving(again, { reason: 'RESIGNED', effectiveDate: '2023-06-01', today: TODAY }),
    );
    expect(refusal(() => readmit(removedAgain, '2026-11-01')).code).toBe('READMISSION_LIMIT_REACHED');
    const barred = next(
      decideLeaving(base, {
        reason: 'EXPELLED',
        effectiveDate: '2020-01-10',
        today: TODAY,
        readmissionBarred: true,
      }),
    );
    expect(refusal(() => readmit(barred, '2025-01-10')).code).toBe('READMISSION_BARRED');
    const died = next(decideLeaving(base, { reason: 'DECEASED', effectiveDate: '2020-01-10', today: TODAY }));
    expect(refusal(() => readmit(died, '2025-01-10')).code).toBe('READMISSION_NOT_ALLOWED');
  });
});

describe('import columns', () => {
  it('matches headers with or without diacritics, case or underscores, and names the missing ones', () => {
    const { columns, missing } = mapHeaders([
      'SO THE DANG',
      'họ và tên',
      'gioi_tinh',
      'Ngày sinh',
      'Dân tộc',
      'Mã tổ chức đảng',
      'x',
    ]);
    expect([...columns.values()].map((c) => c.key)).toEqual([
      'partyCardNumber',
      'fullName',
      'sex',
      'dateOfBirth',
      'ethnicityCode',
      'organisationCode',
    ]);
    expect(missing.map((c) => c.header)).toEqual(['Ngày quyết định kết nạp']);
  });

  it('reads dates as Vietnamese lists write them', () => {
    expect(parseDate('5/6/1978')).toBe('1978-06-05');
    expect(parseDate('05-06-1978')).toBe('1978-06-05');
    expect(parseDate('1978-06-05')).toBe('1978-06-05');
    expect(() => parseDate('30/2/1978')).toThrow(/not a date/);
  });
});
