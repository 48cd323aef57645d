import { foldLetter, spell, wordsOf } from './letters';

/**
 * Lower case, without diacritics, đ as d: "Nguyễn Thị Hà" → "nguyen thi ha". What search keys are
 * made of, so that a query typed with or without diacritics finds the same names.
 */
export function foldVietnamese(text: string): string {
  return wordsOf(text).map(foldWord).join(' ');
}

export function foldWord(word: string): string {
  return spell(word).letters.map(foldLetter).join('');
}

/** The folded words of a text, each once, in their first order. */
export function foldedWords(text: string): string[] {
  return [...new Set(wordsOf(text).map(foldWord))];
}
