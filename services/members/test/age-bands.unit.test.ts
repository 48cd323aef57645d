import { addDays, yearsBetween } from '@dangvien/domain';
import { AGE_BANDS, bandCutoffs, bandOf, sumWithAgeBands } from '../src/figures/age-bands';

/** The band by the age itself: what the cutoffs must agree with. */
const bandByAge = (born: string, date: string) => {
  const age = yearsBetween(born, date);
  return AGE_BANDS.findIndex((band) => age <= band.max);
};

describe('age bands by date of birth', () => {
  // Every day of a common and of a leap year (29 February and the 28th before it included), and
  // for each, dates of birth around every cutoff and on the leap days of the years concerned.
  const days = [...Array(365 + 366).keys()].map((i) => addDays('2023-01-01', i));

  it('puts every date of birth in the band its age on the day gives', () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const date of days) {
      const cutoffs = bandCutoffs(date);
      const year = Number(date.slice(0, 4));
      const births = cutoffs.flatMap((cutoff) => [-2, -1, 0, 1, 2].map((n) => addDays(cutoff, n)));
      for (const max of [30, 40, 50, 60, 70])
        for (const offset of [0, 1]) {
          const then = year - max - offset;
          births.push(`${then}-02-28`, `${then}-03-01`);
          if (addDays(`${then}-02-28`, 1) === `${then}-02-29`) births.push(`${then}-02-29`);
        }
      for (const born of births) {
        if (bandOf(born, cutoffs) !== bandByAge(born, date)) wrong.push(`${born} on ${date}`);
        checked += 1;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(731 * 25);
  });

  it('sums organisations and counts each band as the ages do', () => {
    const date = '2024-02-28';
    const born = ['2000-02-29', '1993-02-28', '1993-03-01', '1984-01-01', '1950-06-30', '1953-02-28'];
    const own = [
      { members: 3, 'sex:FEMALE': 1, [`born:${born[0]}`]: 1, [`born:${born[1]}`]: 1, [`born:${born[2]}`]: 1 },
      { members: 3, 'sex:FEMALE': 2, [`born:${born[3]}`]: 1, [`born:${born[4]}`]: 1, [`born:${born[5]}`]: 1 },
      { members: 0, [`born:${born[0]}`]: 0 },
    ];
    const expected = new Array<number>(AGE_BANDS.length).fill(0);
    for (const b of born) expected[bandByAge(b, date)]! += 1;
    const { total, bands } = sumWithAgeBands(own, date);
    expect(total).toEqual({ members: 6, 'sex:FEMALE': 3 });
    expect(bands).toEqual(expected);
    // Split once per counts object: a second sum on another day gives that day's bands.
    const later = '2031-03-01';
    const again = new Array<number>(AGE_BANDS.length).fill(0);
    for (const b of born) again[bandByAge(b, later)]! += 1;
    expect(sumWithAgeBands(own, later).bands).toEqual(again);
  });
});
