import { foldedWords } from './fold';
import { foldLetter, spell, wordsOf } from './letters';

/** Up to this many distinct words, every combination of a name's words is a key (2^n − 1 of them). */
export const MAX_COMBINED_WORDS = 6;

const PARTY_CARD = /^[0-9]{8}$/;

function combinations(words: readonly string[]): string[] {
  const keys: string[] = [];
  const count = 1 << words.length;
  for (let mask = 1; mask < count; mask += 1) {
    keys.push(words.filter((_, i) => mask & (1 << i)).join(' '));
  }
  return keys;
}

/** One key per set of words: the folded words sorted, so that the order they are typed in does not matter. */
function keyOf(words: readonly string[]): string {
  return [...new Set(words)].sort().join(' ');
}

/**
 * The search keys of a person's names: for each name, every set of its folded words ("nguyen",
 * "ha", "ha nguyen", "ha nguyen thi"…). Stored in an indexed array, they let any query made of
 * words of one name — in any order, with or without diacritics — be answered by one equality on an
 * index (no $regex, no scan). A name of more than MAX_COMBINED_WORDS distinct words gets its single
 * words, its pairs and the whole set.
 */
export function nameSearchKeys(names: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    const words = [...new Set(foldedWords(name))].sort();
    if (words.length === 0) continue;
    if (words.length <= MAX_COMBINED_WORDS) {
      for (const key of combinations(words)) keys.add(key);
      continue;
    }
    for (const word of words) keys.add(word);
    for (let i = 0; i < words.length; i += 1) {
      for (let j = i + 1; j < words.length; j += 1) keys.add(`${words[i]} ${words[j]}`);
    }
    keys.add(words.join(' '));
  }
  return [...keys];
}

export type NameQuery =
  | { kind: 'card'; partyCardNumber: string }
  | {
      kind: 'name';
      /** The stored key to look up by equality. */
      key: string;
      /** The words as typed (NFC), to check diacritics and words beyond the key. */
      words: string[];
    };

/** What a search box holds: a Party card number (8 digits) or words of a name. Null when empty. */
export function parseNameQuery(query: string): NameQuery | null {
  const trimmed = query.trim();
  if (PARTY_CARD.test(trimmed)) return { kind: 'card', partyCardNumber: trimmed };
  const words = wordsOf(trimmed);
  if (words.length === 0) return null;
  const folded = [...new Set(foldedWords(trimmed))];
  // Beyond the combinations a long name stores, look up two of the words and check the rest.
  const key = folded.length <= MAX_COMBINED_WORDS ? keyOf(folded) : keyOf(folded.slice(0, 2));
  return { kind: 'name', key, words };
}

function sameWord(typed: string, stored: string): boolean {
  const a = spell(typed);
  const b = spell(stored);
  if (!a.marked) return a.letters.map(foldLetter).join('') === b.letters.map(foldLetter).join('');
  // Typed with diacritics: they must be the ones written ("Hà" does not find "Hạ").
  return a.tone === b.tone && a.letters.join('') === b.letters.join('');
}

/**
 * Whether a name matches the words of a query: every word appears in one of the names. A word typed
 * without diacritics matches any spelling of it ("ha" finds Hà and Hạ); one typed with diacritics
 * only that spelling ("Hà" finds Hà, not Hạ). Applied to what the key lookup returned.
 */
export function matchesNameQuery(query: NameQuery & { kind: 'name' }, names: readonly string[]): boolean {
  return names.some((name) => {
    const stored = wordsOf(name);
    return query.words.every((typed) => stored.some((word) => sameWord(typed, word)));
  });
}
