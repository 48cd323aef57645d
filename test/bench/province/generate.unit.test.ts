import { ENTERPRISE_SECTORS } from '@dangvien/contracts';
import { generateProvince } from './generate';
import { ADMISSION_RATES, HEADS_WHO_ARE_MEMBERS, MINORITY_SHARES, WOMEN } from './shares';

const TODAY = '2026-12-01';

describe('the synthetic province', () => {
  it('has Thái Nguyên’s tree at scale 1: 92 communes, 586 grassroots, 3,000 cells and localities', () => {
    const province = generateProvince({ seed: 7, scale: 1, today: TODAY });
    const levels: Record<string, number> = {};
    for (const u of province.units) levels[u.level] = (levels[u.level] ?? 0) + 1;
    expect(levels.PROVINCE).toBe(1);
    expect(levels.COMMUNE).toBe(92);
    expect((levels.GRASSROOTS_COMMITTEE ?? 0) + (levels.GRASSROOTS_CELL ?? 0)).toBe(586);
    expect(levels.CELL).toBe(3_000);
    expect(province.localities).toHaveLength(3_000);
    expect(province.memberCount).toBe(98_400);
    const codes = new Set(province.units.map((u) => u.code));
    expect(codes.size).toBe(province.units.length);
    for (const u of province.units) if (u.parentCode) expect(codes.has(u.parentCode)).toBe(true);
    // Every unit of an enterprise or cooperative names it, as the organisations service requires.
    for (const u of province.units.filter((x) => ENTERPRISE_SECTORS.includes(x.sector as never)))
      expect(u.enterprise?.name).toBeTruthy();
    const heads = province.localities.filter((l) => l.headIsMember).length / province.localities.length;
    expect(Math.abs(heads - HEADS_WHO_ARE_MEMBERS)).toBeLessThan(0.03);
  });

  it('draws the article’s mix of members within tolerance', () => {
    const province = generateProvince({ seed: 7, scale: 0.2, today: TODAY });
    const counts = province.expected();
    const share = (n: number) => n / counts.members;
    expect(counts.members).toBe(19_680);
    expect(Math.abs(share(counts.women) - WOMEN)).toBeLessThan(0.015);
    expect(Math.abs(share(counts.ethnicMinorities) - 0.22)).toBeLessThan(0.015);
    expect(Math.abs(share(counts.universityEducated) - 0.33)).toBeLessThan(0.02);
    // Admitted each of the five years at its rate, the current year up to a month ago.
    ADMISSION_RATES.forEach((rate, k) => {
      const year = 2026 - (ADMISSION_RATES.length - 1 - k);
      expect(Math.abs(share(counts.admittedByYear[year] ?? 0) - rate)).toBeLessThan(0.004);
    });
    // Probationary: admitted within the last twelve months or so.
    expect(share(counts.probationary)).toBeGreaterThan(0.015);
    expect(share(counts.probationary)).toBeLessThan(0.035);
    expect(Object.keys(counts.candidatesByStage).sort()).toEqual([
      'APPLIED',
      'CLASS_CERTIFIED',
      'HISTORY_DECLARED',
      'LISTED',
    ]);
  });

  it('splits the ethnic minorities by the population’s shares, Tày first', () => {
    const province = generateProvince({ seed: 3, scale: 0.2, today: TODAY });
    const byCode = new Map<string, number>();
    for (let i = 0; i < province.memberCount; i += 1) {
      const code = province.member(i).ethnicityCode;
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
    }
    const minorities = province.memberCount - (byCode.get('01') ?? 0);
    const total = MINORITY_SHARES.reduce((a, [, w]) => a + w, 0);
    for (const [code, weight] of MINORITY_SHARES.slice(0, 3)) {
      expect(Math.abs((byCode.get(code) ?? 0) / minorities - weight / total)).toBeLessThan(0.03);
    }
  });

  it('ages members like a pyramid: nobody under 18 at admission, a few veterans over 80', () => {
    const province = generateProvince({ seed: 5, scale: 0.05, today: TODAY });
    let over80 = 0;
    for (let i = 0; i < province.memberCount; i += 1) {
      const m = province.member(i);
      expect(m.decisionDate >= `${Number(m.dateOfBirth.slice(0, 4)) + 18}${m.dateOfBirth.slice(4)}`).toBe(
        true,
      );
      expect(m.decisionDate < TODAY).toBe(true);
      if (Number(TODAY.slice(0, 4)) - Number(m.dateOfBirth.slice(0, 4)) > 80) over80 += 1;
    }
    expect(over80 / province.memberCount).toBeGreaterThan(0.01);
    expect(over80 / province.memberCount).toBeLessThan(0.08);
  });

  it('is the same for the same seed, and another for another seed', () => {
    const a = generateProvince({ seed: 11, scale: 0.02, today: TODAY });
    const b = generateProvince({ seed: 11, scale: 0.02, today: TODAY });
    const c = generateProvince({ seed: 12, scale: 0.02, today: TODAY });
    const all = (p: typeof a) => ({
      units: p.units,
      localities: p.localities,
      members: Array.from({ length: p.memberCount }, (_, i) => p.member(i)),
      candidates: Array.from({ length: p.candidateCount }, (_, i) => p.candidate(i)),
      heads: p.localities.map((l) => p.headCard(l)),
    });
    expect(all(a)).toEqual(all(b));
    expect(all(c)).not.toEqual(all(a));
  });

  it('scales: 0.01 for a quick run, 57 for the national 5.6 million (drawn, not held)', () => {
    expect(generateProvince({ seed: 1, scale: 0.01, today: TODAY }).memberCount).toBe(984);
    const national = generateProvince({ seed: 1, scale: 57, today: TODAY });
    expect(national.memberCount).toBe(5_608_800);
    expect(national.member(5_608_799).organisationCode).toMatch(/^TN\./);
  });
});
