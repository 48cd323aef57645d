import type { OrganisationLevel } from '@dangvien/contracts';
import { defineRuleSets, NO_RULE_SET_IN_FORCE } from '@dangvien/domain';
import { STRUCTURE_RULES, structureRulesAt, structureWarnings } from '../src/domain/structure-rules';
import type { StructureRules } from '../src/domain/structure-rules';

const DATE = '2025-07-01';

function codes(level: OrganisationLevel, official: number, probationary = 0, date = DATE) {
  return structureWarnings({ level, official, probationary, date }).map((w) => w.code);
}

describe('structure rules: dated configuration', () => {
  it('lists entries oldest first, each with a source and the numbers of the regulation', () => {
    const entries = STRUCTURE_RULES.entries;
    const dates = entries.map((r) => r.effectiveFrom);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
    for (const rules of entries) {
      expect(rules.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(rules.legalReference).not.toBe('');
    }
    expect(entries.map((r) => [r.effectiveFrom, r.legalReference.match(/\d+-QĐ\/TW/)?.[0]])).toEqual([
      ['2011-11-01', '45-QĐ/TW'],
      ['2016-07-25', '29-QĐ/TW'],
      ['2021-07-30', '24-QĐ/TW'],
    ]);
    expect(entries[0]).toMatchObject({
      effectiveFrom: '2011-11-01',
      minOfficialMembersPerCell: 3,
      grassrootsCommitteeFromMembers: 30,
      cellCommitteeFromOfficialMembers: 9,
      villageHeadMembershipTarget: 0.9,
    });
  });

  it('finds the entry in force on a date: from its first day until the next one starts', () => {
    const entries = STRUCTURE_RULES.entries;
    expect(structureRulesAt('2016-07-25')).toBe(entries[1]);
    expect(structureRulesAt('2021-07-29')).toBe(entries[1]);
    expect(structureRulesAt('2021-07-30')).toBe(entries[2]);
    expect(structureRulesAt('2030-01-01')).toBe(entries.at(-1));
  });

  it('applies a later entry only from its date', () => {
    const base = STRUCTURE_RULES.entries[0]!;
    const rules = defineRuleSets<StructureRules>('structure rules', [
      base,
      {
        ...base,
        effectiveFrom: '2030-01-01',
        legalReference: 'a future regulation',
        minOfficialMembersPerCell: 5,
      },
    ]);
    expect(structureRulesAt('2029-12-31', rules).minOfficialMembersPerCell).toBe(3);
    expect(structureRulesAt('2030-01-01', rules).minOfficialMembersPerCell).toBe(5);
  });

  it('refuses a date before the first rules, and a malformed date', () => {
    expect(() => structureRulesAt('2011-10-31')).toThrow(
      /No structure rules are in force on 2011-10-31.*take effect on 2011-11-01/,
    );
    expect(() =>
      structureWarnings({ level: 'CELL', official: 3, probationary: 0, date: '2011-10-31' }),
    ).toThrow(expect.objectContaining({ code: NO_RULE_SET_IN_FORCE }));
    expect(() => structureRulesAt('1/7/2025')).toThrow(/YYYY-MM-DD/);
    expect(() => structureRulesAt('2025-13-45')).toThrow(/YYYY-MM-DD/);
    expect(() => structureRulesAt('2025-02-30')).toThrow(/YYYY-MM-DD/);
  });
});

describe('structure warnings', () => {
  it('warns a cell or grassroots organisation with fewer than 3 official members: 2 warns, 3 does not', () => {
    for (const level of ['CELL', 'GRASSROOTS_CELL'] as const) {
      expect(codes(level, 2, 5)).toEqual(['CELL_BELOW_MINIMUM_OFFICIAL_MEMBERS']);
      expect(codes(level, 3)).toEqual([]);
    }
    expect(codes('CELL', 0)).toEqual(['CELL_BELOW_MINIMUM_OFFICIAL_MEMBERS']);
    // Probationary members do not count towards the minimum.
    expect(codes('CELL', 2, 20)).toEqual(['CELL_BELOW_MINIMUM_OFFICIAL_MEMBERS']);
    expect(codes('GRASSROOTS_COMMITTEE', 2, 40)).toEqual(['CELL_BELOW_MINIMUM_OFFICIAL_MEMBERS']);
    expect(codes('GRASSROOTS_COMMITTEE', 3, 40)).toEqual([]);
  });

  it('a grassroots cell of 30 members should be a committee; 29 is fine; probationary members count', () => {
    expect(codes('GRASSROOTS_CELL', 29)).toEqual([]);
    expect(codes('GRASSROOTS_CELL', 30)).toEqual(['GRASSROOTS_CELL_SHOULD_BE_COMMITTEE']);
    expect(codes('GRASSROOTS_CELL', 20, 10)).toEqual(['GRASSROOTS_CELL_SHOULD_BE_COMMITTEE']);
    expect(codes('GRASSROOTS_CELL', 20, 9)).toEqual([]);
    expect(codes('GRASSROOTS_CELL', 2, 28)).toEqual([
      'CELL_BELOW_MINIMUM_OFFICIAL_MEMBERS',
      'GRASSROOTS_CELL_SHOULD_BE_COMMITTEE',
    ]);
  });

  it('a grassroots committee below 30 members is warned; 30 is fine', () => {
    expect(codes('GRASSROOTS_COMMITTEE', 29)).toEqual(['GRASSROOTS_COMMITTEE_BELOW_THRESHOLD']);
    expect(codes('GRASSROOTS_COMMITTEE', 25, 4)).toEqual(['GRASSROOTS_COMMITTEE_BELOW_THRESHOLD']);
    expect(codes('GRASSROOTS_COMMITTEE', 30)).toEqual([]);
    expect(codes('GRASSROOTS_COMMITTEE', 25, 5)).toEqual([]);
    expect(codes('GRASSROOTS_COMMITTEE', 1)).toEqual([
      'CELL_BELOW_MINIMUM_OFFICIAL_MEMBERS',
      'GRASSROOTS_COMMITTEE_BELOW_THRESHOLD',
    ]);
  });

  it('has nothing to say about levels without a membership rule', () => {
    for (const level of ['PROVINCE', 'COMMUNE', 'DIRECTLY_UNDER', 'INTERMEDIATE', 'PARTY_GROUP'] as const) {
      expect(codes(level, 0)).toEqual([]);
      expect(codes(level, 100, 100)).toEqual([]);
    }
  });

  it('messages name the counts and the threshold', () => {
    const [below] = structureWarnings({ level: 'CELL', official: 2, probationary: 1, date: DATE });
    expect(below!.message).toMatch(/\b2 official\b.*\b3\b/);
    const [grown] = structureWarnings({
      level: 'GRASSROOTS_CELL',
      official: 25,
      probationary: 6,
      date: DATE,
    });
    expect(grown!.message).toMatch(/31 members.*25 official.*6 probationary.*30/);
    const [small] = structureWarnings({
      level: 'GRASSROOTS_COMMITTEE',
      official: 20,
      probationary: 1,
      date: DATE,
    });
    expect(small!.message).toMatch(/21 direct members.*30/);
  });

  it('refuses counts that are not non-negative integers', () => {
    expect(() => structureWarnings({ level: 'CELL', official: -1, probationary: 0, date: DATE })).toThrow(
      RangeError,
    );
    expect(() => structureWarnings({ level: 'CELL', official: 3, probationary: 1.5, date: DATE })).toThrow(
      RangeError,
    );
  });
});
