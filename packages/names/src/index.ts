// @dangvien/names: Vietnamese personal names for search and sorting, the same on MongoDB and on
// FerretDB (which has no collation): normalised keys stored with each record, compared by bytes.
export { ALPHABET, TONES, spell, wordsOf } from './letters';
export type { SpelledWord } from './letters';
export { foldVietnamese, foldWord, foldedWords } from './fold';
export { nameParts, nameSortKey } from './sort-key';
export { MAX_COMBINED_WORDS, nameSearchKeys, parseNameQuery, matchesNameQuery } from './search';
export type { NameQuery } from './search';
