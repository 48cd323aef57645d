import { ALPHABET, spell, wordsOf } from './letters';

// A sort key compares byte by byte the same way on MongoDB, on FerretDB (which sorts in memory, by
// bytes) and in JavaScript, and needs no collation: every part is printable ASCII. Letters of the
// alphabet map to increasing characters from "A"; a word's parts are separated by "!" and the key's
// components by " ", both below every letter, so a shorter word sorts before a longer one.
const COMPONENT = ' ';
const WORD = '!';

function letterCode(letter: string): string {
  const index = (ALPHABET as readonly string[]).indexOf(letter);
  if (index >= 0) return String.fromCharCode(index < 26 ? 0x41 + index : 0x61 + index - 26);
  if (/^[0-9]$/.test(letter)) return letter;
  return 'z';
}

/** The parts of a Vietnamese full name: family name first, given name last, middle names between. */
export function nameParts(fullName: string): { family: string[]; middle: string[]; given: string[] } {
  const words = wordsOf(fullName);
  if (words.length <= 1) return { family: [], middle: [], given: words };
  return { family: [words[0]!], middle: words.slice(1, -1), given: [words.at(-1)!] };
}

/**
 * The key that orders names as Vietnamese lists do: by given name, then middle names, then family
 * name, each letter by letter in the Vietnamese alphabet (a ă â b c d đ e ê …), its tones deciding
 * only between parts spelt with the same letters (Ha, Hà, Hả, Hã, Há, Hạ). Append a unique id to
 * page by it.
 */
export function nameSortKey(fullName: string): string {
  const { family, middle, given } = nameParts(fullName);
  // Each part by its letters, then by its tones: all the Hà come before the Hạ, whatever their
  // middle names; a part's tones matter only between names whose parts so far are spelt alike.
  return [given, middle, family]
    .map((words) => words.map(spell))
    .flatMap((words) => [
      words.map((w) => w.letters.map(letterCode).join('')).join(WORD),
      words.map((w) => String(w.tone)).join(WORD),
    ])
    .join(COMPONENT);
}
