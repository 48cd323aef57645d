import {
  foldVietnamese,
  matchesNameQuery,
  nameParts,
  nameSearchKeys,
  nameSortKey,
  parseNameQuery,
  spell,
} from '../src';

const sortByName = (names: string[]) =>
  [...names].sort((a, b) => (nameSortKey(a) < nameSortKey(b) ? -1 : nameSortKey(a) > nameSortKey(b) ? 1 : 0));

describe('folding', () => {
  it.each([
    ['Nguyễn Thị Hà', 'nguyen thi ha'],
    ['ĐỖ VĂN ĐỨC', 'do van duc'],
    ['Lường  Văn\tPảo', 'luong van pao'],
    // Decomposed input (NFD, as some keyboards and PDFs produce it) folds the same.
    ['Nguye\u0302\u0303n Thi\u0323 Ha\u0300', 'nguyen thi ha'],
    ['Hoàng-Thị Mai', 'hoang thi mai'],
  ])('%s → %s', (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });

  it('spells letters and tones apart', () => {
    expect(spell('Hương')).toEqual({ letters: ['h', 'ư', 'ơ', 'n', 'g'], tone: 0, marked: true });
    expect(spell('Đức')).toEqual({ letters: ['đ', 'ư', 'c'], tone: 4, marked: true });
    expect(spell('Ha')).toEqual({ letters: ['h', 'a'], tone: 0, marked: false });
  });
});

describe('sort key', () => {
  it('splits a name into family, middle and given names', () => {
    expect(nameParts('Nguyễn Thị Thu Hà')).toEqual({
      family: ['Nguyễn'],
      middle: ['Thị', 'Thu'],
      given: ['Hà'],
    });
    expect(nameParts('Hà')).toEqual({ family: [], middle: [], given: ['Hà'] });
  });

  it('orders by given name, then middle names, then family name', () => {
    expect(sortByName(['Trần Văn Bình', 'Nguyễn Văn An', 'Lê Thị An', 'Nguyễn Thị An'])).toEqual([
      'Lê Thị An',
      'Nguyễn Thị An',
      'Nguyễn Văn An',
      'Trần Văn Bình',
    ]);
  });

  it('follows the Vietnamese alphabet: a ă â b c d đ e ê … o ô ơ … u ư', () => {
    expect(
      sortByName(['Lê Văn Đạt', 'Lê Văn Dũng', 'Lê Văn Ân', 'Lê Văn Ánh', 'Lê Văn Ăn', 'Lê Văn Bảo']),
    ).toEqual(['Lê Văn Ánh', 'Lê Văn Ăn', 'Lê Văn Ân', 'Lê Văn Bảo', 'Lê Văn Dũng', 'Lê Văn Đạt']);
    expect(sortByName(['Mai Ưng', 'Mai Uyên', 'Mai Ơn', 'Mai Ông', 'Mai Oanh'])).toEqual([
      'Mai Oanh',
      'Mai Ông',
      'Mai Ơn',
      'Mai Uyên',
      'Mai Ưng',
    ]);
  });

  it('puts tones after letters: ngang, huyền, hỏi, ngã, sắc, nặng, and a shorter word first', () => {
    expect(sortByName(['Lê Hạ', 'Lê Hai', 'Lê Há', 'Lê Hã', 'Lê Hả', 'Lê Hà', 'Lê Ha'])).toEqual([
      'Lê Ha',
      'Lê Hà',
      'Lê Hả',
      'Lê Hã',
      'Lê Há',
      'Lê Hạ',
      'Lê Hai',
    ]);
  });

  it('compares middle names word by word: no middle name, then a shorter one', () => {
    expect(sortByName(['Nguyễn Thị Thu Hà', 'Trần Thị Hà', 'Lê Hà'])).toEqual([
      'Lê Hà',
      'Trần Thị Hà',
      'Nguyễn Thị Thu Hà',
    ]);
  });

  it('is printable ASCII and independent of case and Unicode normalisation', () => {
    const key = nameSortKey('Nguyễn Thị Hà');
    expect(key).toMatch(/^[\x20-\x7e]+$/);
    expect(nameSortKey('NGUYỄN THỊ HÀ')).toBe(key);
    expect(nameSortKey('Nguyễn Thị Hà'.normalize('NFD'))).toBe(key);
  });
});

describe('search keys and queries', () => {
  const keys = nameSearchKeys(['Nguyễn Thị Hà', 'Bé Ba']);

  it('stores every set of the words of each name, without diacritics and in sorted order', () => {
    expect(keys).toEqual(
      expect.arrayContaining([
        'nguyen',
        'thi',
        'ha',
        'ha nguyen',
        'ha thi',
        'nguyen thi',
        'ha nguyen thi',
        'ba be',
      ]),
    );
    expect(keys).toHaveLength(7 + 3);
    // Words of two different names are not combined.
    expect(keys).not.toContain('ba ha');
  });

  it.each(['nguyen thi ha', 'Nguyễn Thị Hà', 'ha nguyen', 'HÀ', 'thị hà', 'nguyễn   ha'])(
    '"%s" is one stored key and matches',
    (typed) => {
      const query = parseNameQuery(typed);
      expect(query?.kind).toBe('name');
      if (query?.kind !== 'name') return;
      expect(keys).toContain(query.key);
      expect(matchesNameQuery(query, ['Nguyễn Thị Hà'])).toBe(true);
    },
  );

  it('a word typed with diacritics matches only that spelling; without, any', () => {
    const exact = parseNameQuery('Hạ');
    const loose = parseNameQuery('ha');
    if (exact?.kind !== 'name' || loose?.kind !== 'name') throw new Error('name queries expected');
    expect(matchesNameQuery(exact, ['Nguyễn Thị Hà'])).toBe(false);
    expect(matchesNameQuery(exact, ['Nguyễn Thị Hạ'])).toBe(true);
    expect(matchesNameQuery(loose, ['Nguyễn Thị Hà'])).toBe(true);
    expect(matchesNameQuery(loose, ['Nguyễn Thị Hạ'])).toBe(true);
    const d = parseNameQuery('dung');
    if (d?.kind !== 'name') throw new Error('name query expected');
    expect(matchesNameQuery(d, ['Lê Văn Dũng'])).toBe(true);
    expect(matchesNameQuery(d, ['Lê Văn Đũng'])).toBe(true);
  });

  it('reads 8 digits as a Party card number, nothing as no query', () => {
    expect(parseNameQuery(' 12345678 ')).toEqual({ kind: 'card', partyCardNumber: '12345678' });
    expect(parseNameQuery('  ')).toBeNull();
  });

  it('keeps long names bounded: single words, pairs and the whole set beyond six words', () => {
    const long = nameSearchKeys(['Công Tằng Tôn Nữ Thị Minh Hoa']);
    expect(long.length).toBe(7 + 21 + 1);
    const query = parseNameQuery('cong tang ton nu thi minh hoa');
    if (query?.kind !== 'name') throw new Error('name query expected');
    expect(long).toContain(query.key);
  });
});

describe('sort key, part by part', () => {
  it('puts every Hà before every Hạ, whatever the middle names', () => {
    expect(sortByName(['Nguyễn Thị Hạ', 'Lê Thị Thu Hà', 'Nguyễn Thị Hà'])).toEqual([
      'Nguyễn Thị Hà',
      'Lê Thị Thu Hà',
      'Nguyễn Thị Hạ',
    ]);
  });
});
