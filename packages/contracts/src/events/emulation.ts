import { EVENT_TYPES } from '../event-types';
import type { JsonSchema } from '../json-schema';
import { dateSchema, decisionSchema, eventDataSchema, idSchema, nullable } from '../json-schema';
import type { DecisionReference, OrganisationLevel, OrganisationSector } from '../organisation';
import {
  ORGANISATION_LEVEL_DESCRIPTIONS,
  ORGANISATION_LEVELS,
  ORGANISATION_SECTOR_DESCRIPTIONS,
  ORGANISATION_SECTORS,
} from '../organisation';
import { EXAMPLE_IDS } from './organisations';

// Events of the emulation service on dangvien.emulation.events.v1: the classifications its committees
// decide, the rankings they publish and the award candidates they list. Personal data (a member's
// classification is about a person), never sensitive data: no comment, no self-assessment text, no
// disqualifier found against a member, no discipline, nothing from a member's file. Scores and levels
// only; the reasons stay in the service, behind its access rules.

/** The four levels of the annual classification (DOMAIN.md §5), best first. */
export const CLASSIFICATION_LEVELS = ['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];

export const CLASSIFICATION_LEVEL_DESCRIPTIONS: Record<ClassificationLevel, string> = {
  EXCELLENT: 'Excellently completed the tasks — Hoàn thành xuất sắc nhiệm vụ (HTXSNV)',
  GOOD: 'Well completed the tasks — Hoàn thành tốt nhiệm vụ (HTTNV)',
  COMPLETED: 'Completed the tasks — Hoàn thành nhiệm vụ (HTNV)',
  NOT_COMPLETED: 'Did not complete the tasks — Không hoàn thành nhiệm vụ (KHTNV)',
};

/** Who is reviewed: a Party member, or a Party organisation (a cell, a grassroots organisation…). */
export const REVIEW_SUBJECT_KINDS = ['MEMBER', 'ORGANISATION'] as const;
export type ReviewSubjectKind = (typeof REVIEW_SUBJECT_KINDS)[number];

/** A review period: the year (the usual one), a quarter, or an ad hoc period. */
export const REVIEW_PERIOD_KINDS = ['YEAR', 'QUARTER', 'AD_HOC'] as const;
export type ReviewPeriodKind = (typeof REVIEW_PERIOD_KINDS)[number];

/** The awards the service lists candidates for (DOMAIN.md §5). */
export const AWARD_KINDS = ['CERTIFICATE_OF_MERIT', 'PROVINCIAL_MERIT'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];

export const AWARD_KIND_DESCRIPTIONS: Record<AwardKind, string> = {
  CERTIFICATE_OF_MERIT:
    'Certificate of merit of the grassroots committee — Giấy khen: excellent and exemplary in the year',
  PROVINCIAL_MERIT: "The province's certificate of merit — Bằng khen: excellent five years in a row",
};

/**
 * The competent committee decided (or revised) the classification of one member or organisation for
 * one review period. The aggregate is the classification sheet of the scope the excellent cap is counted
 * in (a grassroots organisation's members, or the units under one committee): every decision of that
 * scope is one write of the sheet, so the cap holds across replicas. A revision supersedes the earlier
 * decision of the same review (`revision` 2, 3…).
 */
export interface ClassificationDecidedV1 {
  sheetId: string;
  reviewId: string;
  periodId: string;
  periodKind: ReviewPeriodKind;
  /** The year the period belongs to. */
  year: number;
  subjectKind: ReviewSubjectKind;
  /** The member reviewed; null for an organisation. */
  memberId: string | null;
  /** The organisation reviewed, or the member's organisation at the end of the period. */
  organisationId: string;
  level: ClassificationLevel;
  /** The decided score on the 100-point scale. */
  score: number;
  /** "Excellent and exemplary" (tiêu biểu): only with EXCELLENT; the basis of a certificate of merit. */
  exemplary: boolean;
  /** 1 for the first decision of the review, 2, 3… for revisions. */
  revision: number;
  decidedOn: string;
  decision: DecisionReference | null;
  /** The regulation the classification was made under, e.g. "QĐ 366-QĐ/TW of 30 Aug 2025". */
  ruleSet: string;
}

/** One unit in a published ranking. */
export interface RankingEntryV1 {
  organisationId: string;
  /** The emulation score, 0–100, computed from the criteria of the year. */
  score: number;
  /** Rank among its peers (same parent, level and sector); equal scores share a rank. */
  rank: number;
  /** Rank among the units of the same level in the province. */
  provinceRank: number;
  /** Its peer rank the year before (its predecessors' best, after a merge or split); null when unranked. */
  previousRank: number | null;
}

/**
 * A committee published (or republished) the emulation ranking of a year. One event per peer group (the
 * units with the same parent, level and sector), so each stays small; all of one publication share
 * `publicationId` and `revision`. A republication after late events changed the scores has a higher
 * revision and supersedes the earlier one.
 */
export interface EmulationRankingPublishedV1 {
  /** The ranking of one peer group in one year (the aggregate): the same for every revision. */
  rankingId: string;
  publicationId: string;
  year: number;
  /** The province whose ranking it is. */
  rootId: string;
  parentId: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  revision: number;
  publishedOn: string;
  /** The criteria the scores were computed with (their legal reference). */
  criteriaSet: string;
  entries: RankingEntryV1[];
}

export interface AwardCandidateV1 {
  subjectKind: ReviewSubjectKind;
  /** The member; null for an organisation. */
  memberId: string | null;
  /** The organisation, or the member's organisation in the year. */
  organisationId: string;
  /** The years that make the candidate eligible (one year, or five in a row). */
  basisYears: number[];
}

/**
 * A committee listed the candidates for an award of a year: one event per award and granting committee
 * (the grassroots committee for certificates of merit, the province for its own). A new revision
 * replaces the list.
 */
export interface AwardCandidatesListedV1 {
  listId: string;
  year: number;
  award: AwardKind;
  /** The committee that grants the award. */
  grantingOrganisationId: string;
  revision: number;
  listedOn: string;
  candidates: AwardCandidateV1[];
}

const level = (description: string): JsonSchema => ({
  type: 'string',
  enum: [...CLASSIFICATION_LEVELS],
  description: `${description} ${CLASSIFICATION_LEVELS.map((l) => `${l}: ${CLASSIFICATION_LEVEL_DESCRIPTIONS[l]}.`).join(' ')}`,
});
const subjectKind: JsonSchema = {
  type: 'string',
  enum: [...REVIEW_SUBJECT_KINDS],
  description: 'MEMBER: a Party member. ORGANISATION: a Party organisation.',
};
const year = (description: string): JsonSchema => ({
  type: 'integer',
  minimum: 1930,
  maximum: 2200,
  description,
});
const positive = (description: string): JsonSchema => ({ type: 'integer', minimum: 1, description });
const score = (description: string): JsonSchema => ({
  type: 'number',
  minimum: 0,
  maximum: 100,
  description,
});

export const ClassificationDecidedV1Schema = eventDataSchema<ClassificationDecidedV1>({
  type: EVENT_TYPES.ClassificationDecided,
  title: 'ClassificationDecidedV1',
  description:
    "The competent committee decided (or revised) the classification of a member or an organisation for a review period (đánh giá, xếp loại chất lượng). Scores and levels only: the committee's reasons and the member's self-assessment stay in the emulation service.",
  properties: {
    sheetId: idSchema(
      'The classification sheet of the scope the excellent cap is counted in (the aggregate); equals the event subject and the Kafka key.',
    ),
    reviewId: idSchema('The review: one subject in one period. Revisions keep it.'),
    periodId: idSchema('The review period.'),
    periodKind: {
      type: 'string',
      enum: [...REVIEW_PERIOD_KINDS],
      description: 'YEAR: the annual review. QUARTER: a quarterly one. AD_HOC: any other period.',
    },
    year: year('The year the period belongs to.'),
    subjectKind,
    memberId: nullable(idSchema('The member reviewed; null for an organisation.')),
    organisationId: idSchema(
      "The organisation reviewed, or the member's organisation at the end of the period.",
    ),
    level: level('The level decided.'),
    score: score('The decided score on the 100-point scale.'),
    exemplary: {
      type: 'boolean',
      description:
        'Excellent and exemplary (tiêu biểu): only with EXCELLENT; the basis of a certificate of merit.',
    },
    revision: positive('1 for the first decision of the review, 2, 3… for revisions.'),
    decidedOn: dateSchema('The date of the decision (YYYY-MM-DD).'),
    decision: decisionSchema,
    ruleSet: { type: 'string', minLength: 1, description: 'The regulation applied (its legal reference).' },
  },
  constraints: {
    allOf: [
      {
        if: { properties: { subjectKind: { const: 'MEMBER' } } },
        then: { properties: { memberId: { type: 'string' } } },
        else: { properties: { memberId: { type: 'null' } } },
      },
      {
        if: { properties: { level: { not: { const: 'EXCELLENT' } } } },
        then: { properties: { exemplary: { const: false } } },
      },
    ],
  },
});

export const EmulationRankingPublishedV1Schema = eventDataSchema<EmulationRankingPublishedV1>({
  type: EVENT_TYPES.EmulationRankingPublished,
  title: 'EmulationRankingPublishedV1',
  description:
    "A committee published the year's emulation ranking of one peer group (same parent, level and sector). Every peer group of one publication has its own event with the same publicationId and revision.",
  properties: {
    rankingId: idSchema(
      'The ranking of one peer group in one year (the aggregate), the same for every revision; equals the event subject and the Kafka key.',
    ),
    publicationId: idSchema('The publication: shared by the events of every peer group it ranked.'),
    year: year('The year ranked.'),
    rootId: idSchema('The province whose ranking it is.'),
    parentId: idSchema('The parent of the peer group.'),
    level: {
      type: 'string',
      enum: [...ORGANISATION_LEVELS],
      description: `Level of the peer group. ${ORGANISATION_LEVELS.map((l) => `${l}: ${ORGANISATION_LEVEL_DESCRIPTIONS[l]}.`).join(' ')}`,
    },
    sector: {
      type: 'string',
      enum: [...ORGANISATION_SECTORS],
      description: `Sector of the peer group. ${ORGANISATION_SECTORS.map((s) => `${s}: ${ORGANISATION_SECTOR_DESCRIPTIONS[s]}.`).join(' ')}`,
    },
    revision: positive('1 for the first publication of the year, 2, 3… after recomputations.'),
    publishedOn: dateSchema('The date of publication (YYYY-MM-DD).'),
    criteriaSet: {
      type: 'string',
      minLength: 1,
      description: 'The criteria the scores were computed with (their legal reference).',
    },
    entries: {
      type: 'array',
      description: 'The units of the peer group, best first.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['organisationId', 'score', 'rank', 'provinceRank', 'previousRank'],
        properties: {
          organisationId: idSchema('The unit.'),
          score: score('Its emulation score.'),
          rank: positive('Its rank among its peers; equal scores share a rank.'),
          provinceRank: positive('Its rank among the units of the same level in the province.'),
          previousRank: nullable(
            positive(
              "Its peer rank the year before (after a merge or split, its predecessors' best); null when it was not ranked.",
            ),
          ),
        },
      },
    },
  },
});

export const AwardCandidatesListedV1Schema = eventDataSchema<AwardCandidatesListedV1>({
  type: EVENT_TYPES.AwardCandidatesListed,
  title: 'AwardCandidatesListedV1',
  description:
    'A committee listed the candidates for an award of a year (one event per award and granting committee); a higher revision replaces the list.',
  properties: {
    listId: idSchema(
      'The list of one award, year and granting committee (the aggregate); equals the event subject and the Kafka key.',
    ),
    year: year('The year of the award.'),
    award: {
      type: 'string',
      enum: [...AWARD_KINDS],
      description: AWARD_KINDS.map((a) => `${a}: ${AWARD_KIND_DESCRIPTIONS[a]}.`).join(' '),
    },
    grantingOrganisationId: idSchema('The committee that grants the award.'),
    revision: positive('1 for the first list, 2, 3… for later ones.'),
    listedOn: dateSchema('The date of the list (YYYY-MM-DD).'),
    candidates: {
      type: 'array',
      description: 'The candidates.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['subjectKind', 'memberId', 'organisationId', 'basisYears'],
        properties: {
          subjectKind,
          memberId: nullable(idSchema('The member; null for an organisation.')),
          organisationId: idSchema("The organisation, or the member's organisation in the year."),
          basisYears: {
            type: 'array',
            minItems: 1,
            items: year('A year of the basis.'),
            description: 'The years that make the candidate eligible.',
          },
        },
      },
    },
  },
});

// Examples: the Đồng Tâm cell of the organisation examples, reviewed for 2025.
const ids = {
  sheet: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
  review: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f7',
  ranking: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f8',
  publication: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f9',
  list: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5fa',
  member: 'e4b7c2d9-5a1f-4e3b-9c6d-7a8b9c0d1e20',
} as const;

export const ClassificationDecidedV1Example: ClassificationDecidedV1 = {
  sheetId: ids.sheet,
  reviewId: ids.review,
  periodId: '2025',
  periodKind: 'YEAR',
  year: 2025,
  subjectKind: 'MEMBER',
  memberId: ids.member,
  organisationId: EXAMPLE_IDS.dongTam,
  level: 'EXCELLENT',
  score: 93.5,
  exemplary: true,
  revision: 1,
  decidedOn: '2025-12-20',
  decision: { number: '45-QĐ/ĐU', date: '2025-12-20', issuedBy: 'Đảng ủy xã Đại Từ' },
  ruleSet: 'QĐ 366-QĐ/TW of 30 Aug 2025',
};

export const EmulationRankingPublishedV1Example: EmulationRankingPublishedV1 = {
  rankingId: ids.ranking,
  publicationId: ids.publication,
  year: 2025,
  rootId: EXAMPLE_IDS.province,
  parentId: EXAMPLE_IDS.daiTu,
  level: 'CELL',
  sector: 'RESIDENTIAL',
  revision: 1,
  publishedOn: '2026-01-15',
  criteriaSet: 'Emulation criteria of 2025 (Tỉnh ủy Thái Nguyên)',
  entries: [
    { organisationId: EXAMPLE_IDS.dongTam, score: 87.25, rank: 1, provinceRank: 12, previousRank: 3 },
    { organisationId: EXAMPLE_IDS.tanLap, score: 74, rank: 2, provinceRank: 140, previousRank: null },
  ],
};

export const AwardCandidatesListedV1Example: AwardCandidatesListedV1 = {
  listId: ids.list,
  year: 2025,
  award: 'CERTIFICATE_OF_MERIT',
  grantingOrganisationId: EXAMPLE_IDS.daiTu,
  revision: 1,
  listedOn: '2026-01-20',
  candidates: [
    { subjectKind: 'ORGANISATION', memberId: null, organisationId: EXAMPLE_IDS.dongTam, basisYears: [2025] },
    { subjectKind: 'MEMBER', memberId: ids.member, organisationId: EXAMPLE_IDS.dongTam, basisYears: [2025] },
  ],
};
