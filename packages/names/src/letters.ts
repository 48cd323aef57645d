/**
 * How a Vietnamese word is written, letter by letter: each letter of the alphabet (the 29 Vietnamese
 * letters, with f j w z for foreign names) and the word's tone. Decomposition goes through Unicode
 * NFD, so precomposed (NFC) and decomposed input read the same.
 */

/** The Vietnamese alphabet in its order, foreign letters where the Latin alphabet puts them. */
export const ALPHABET = [
  'a',
  'ă',
  'â',
  'b',
  'c',
  'd',
  'đ',
  'e',
  'ê',
  'f',
  'g',
  'h',
  'i',
  'j',
  'k',
  'l',
  'm',
  'n',
  'o',
  'ô',
  'ơ',
  'p',
  'q',
  'r',
  's',
  't',
  'u',
  'ư',
  'v',
  'w',
  'x',
  'y',
  'z',
] as const;

/**
 * The six tones in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng; "Ha" < "Hà" < "Hả" <
 * "Hã" < "Há" < "Hạ".
 */
export const TONES = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'] as const;

const BREVE = '\u0306';
const CIRCUMFLEX = '\u0302';
const HORN = '\u031B';

/** Letters that a mark turns into another letter of the alphabet (not a tone). */
const MODIFIED: Record<string, string> = {
  [`a${BREVE}`]: 'ă',
  [`a${CIRCUMFLEX}`]: 'â',
  [`e${CIRCUMFLEX}`]: 'ê',
  [`o${CIRCUMFLEX}`]: 'ô',
  [`o${HORN}`]: 'ơ',
  [`u${HORN}`]: 'ư',
};

const COMBINING = /[\u0300-\u036f]/;

export interface SpelledWord {
  /** The letters, lower case, with ă â đ ê ô ơ ư kept as letters of their own and no tone. */
  letters: string[];
  /** Index into TONES: 0 for none. */
  tone: number;
  /** Whether the word carries any diacritic (a tone, or ă â đ ê ô ơ ư). */
  marked: boolean;
}

/** Spells one word: its letters (marks that make letters kept) and its tone. */
export function spell(word: string): SpelledWord {
  const letters: string[] = [];
  let tone = 0;
  let marked = false;
  for (const char of word.toLowerCase().normalize('NFD')) {
    if (!COMBINING.test(char)) {
      if (char === 'đ') marked = true;
      letters.push(char);
      continue;
    }
    marked = true;
    const toneIndex = (TONES as readonly string[]).indexOf(char);
    if (toneIndex > 0) {
      if (tone === 0) tone = toneIndex;
      continue;
    }
    const last = letters.length - 1;
    const modified = last >= 0 ? MODIFIED[`${letters[last]}${char}`] : undefined;
    // A mark of no Vietnamese letter (é in a foreign name is a tone here; ç, ñ…) is dropped.
    if (modified) letters[last] = modified;
  }
  return { letters, tone, marked };
}

/** Letters without any mark and đ as d: what a search without diacritics types. */
export function foldLetter(letter: string): string {
  if (letter === 'đ') return 'd';
  return letter.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** The words of a name or a query: letters and digits, split at anything else. */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((word) => word.length > 0);
}
