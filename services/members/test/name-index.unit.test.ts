import { nameSortKey } from '@dangvien/names';
import { demoPeople } from '../src/demo/people';
import { groupKey, LEAD_GROUPS, leadGroupOf } from '../src/model/name-index';

describe('the groups of sort-key leads a search reads a name by (name-index.ts)', () => {
  it('hold every printable ASCII character once, in byte order, "A" closing the first', () => {
    const all = LEAD_GROUPS.flat();
    expect(all).toEqual(Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)));
    expect(LEAD_GROUPS[0]!.at(-1)).toBe('A');
    expect(LEAD_GROUPS.map((group) => group.length)).toEqual([34, 2, 4, 8, 47]);
  });

  it('every sort key starts with a character of a group, in the group order of the keys', () => {
    const keys = demoPeople(2_000, { seed: 3, today: '2026-12-01', firstCard: 60_000_000 })
      .map((person) => nameSortKey(person.fullName))
      .concat(nameSortKey('Đỗ Ư'), nameSortKey('Ánh'), nameSortKey('Y'))
      .sort();
    for (const key of keys) expect(LEAD_GROUPS[leadGroupOf(key)]).toContain(key.charAt(0));
    const groups = keys.map(leadGroupOf);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    expect(groupKey('nguyen thi', nameSortKey('Nguyễn Thị An'))).toBe('nguyen thi|0');
    expect(groupKey('nguyen thi', nameSortKey('Nguyễn Thị Yến'))).toBe('nguyen thi|4');
    expect(groupKey('nguyen thi', 2)).toBe('nguyen thi|2');
  });
});
