/**
 * The counters the statistics are made of. Each organisation keeps its own counts of these (the
 * members on its own list), dated: `members` on a day is how many were counted that day; a `flow:`
 * counter is how many times it happened that day. A subtree's figures are the sum of its
 * organisations' (see figures/statistics.ts).
 */
export const KEY = {
  members: 'members',
  status: (status: string) => `status:${status}`,
  sex: (sex: string) => `sex:${sex}`,
  ethnicity: (code: string) => `ethnicity:${code}`,
  minority: 'minority',
  religion: (code: string) => `religion:${code}`,
  religious: 'religious',
  education: (level: string) => `education:${level}`,
  qualification: (level: string) => `qualification:${level}`,
  university: 'university',
  theory: (level: string) => `theory:${level}`,
  youthUnion: 'youthUnion',
  exempted: 'exempted',
  /** On temporary transfer elsewhere, counted here. */
  temporarilyAway: 'tempAway',
  /** Here on temporary transfer, counted at home. */
  temporarilyHere: 'tempHere',
  /** Date of birth, for ages on any day. */
  born: (date: string) => `born:${date}`,
  flow: (kind: FlowKind) => `flow:${kind}`,
  /** Transferred in from, out to, `organisationId`: whether a subtree gains or loses depends on where that is. */
  transferredIn: (from: string) => `tin:${from}`,
  transferredOut: (to: string) => `tout:${to}`,
  reorganisedIn: (from: string) => `rin:${from}`,
  reorganisedOut: (to: string) => `rout:${to}`,
  /** New admissions by category. */
  admitted: (category: string) => `adm:${category}`,
} as const;

export const FLOW_KINDS = [
  'admitted',
  'readmitted',
  'restored',
  'recognised',
  'died',
  'expelled',
  'removed',
  'resigned',
] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export const ADMISSION_CATEGORIES = ['women', 'minority', 'religious', 'youthUnion'] as const;

/** Counts by key; a missing key is zero. */
export type Counts = Record<string, number>;
