import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type { EventEnvelope, OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import { UserInputError } from '@dangvien/graphql';
import { describeAllowedParents, isAllowedParent } from './structure';

/** The state of one organisation as the rules see it (no persistence concerns). */
export interface OrganisationState {
  id: string;
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  parentId: string | null;
  /** Ancestor ids, root first, without the organisation itself. */
  path: string[];
  status: 'ACTIVE' | 'DISSOLVED';
  version: number;
}

/** A decided change: the new state and the events that say what happened. */
export interface Decision {
  state: OrganisationState;
  events: EventEnvelope[];
}

/** Rule codes, as clients see them in `userErrors[].code`. */
export const RULES = {
  codeFormat: 'CODE_FORMAT',
  codeTaken: 'CODE_TAKEN',
  nameRequired: 'NAME_REQUIRED',
  nameTooLong: 'NAME_TOO_LONG',
  nameUnchanged: 'NAME_UNCHANGED',
  parentNotFound: 'PARENT_NOT_FOUND',
  parentDissolved: 'PARENT_DISSOLVED',
  levelNotAllowedUnderParent: 'LEVEL_NOT_ALLOWED_UNDER_PARENT',
  cycle: 'MOVE_WOULD_CREATE_CYCLE',
  alreadyUnderParent: 'ALREADY_UNDER_PARENT',
  notFound: 'ORGANISATION_NOT_FOUND',
  dissolved: 'ORGANISATION_DISSOLVED',
  hasActiveChildren: 'ORGANISATION_HAS_ACTIVE_CHILDREN',
  reasonTooLong: 'REASON_TOO_LONG',
  conflict: 'CONCURRENT_MODIFICATION',
} as const;

const CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;
const NAME_MAX = 200;
const REASON_MAX = 1_000;

/** Codes are stored upper-case and trimmed so that `tn.01` and `TN.01` are the same code. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

export function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

function checkCode(code: string): void {
  if (!CODE_PATTERN.test(code)) {
    throw new UserInputError(
      RULES.codeFormat,
      'A code is 1 to 40 characters: letters, digits, ".", "_" or "-", starting with a letter or digit',
      ['code'],
    );
  }
}

function checkName(name: string): void {
  if (name.length === 0) throw new UserInputError(RULES.nameRequired, 'A name is required', ['name']);
  if (name.length > NAME_MAX) {
    throw new UserInputError(RULES.nameTooLong, `A name has at most ${NAME_MAX} characters`, ['name']);
  }
}

function checkActive(state: OrganisationState, field: string[] | null = null): void {
  if (state.status === 'DISSOLVED') {
    throw new UserInputError(RULES.dissolved, `Organisation ${state.code} is dissolved and cannot change`, field);
  }
}

function checkParent(level: OrganisationLevel, parent: OrganisationState | null): void {
  if (parent?.status === 'DISSOLVED') {
    throw new UserInputError(RULES.parentDissolved, `Parent ${parent.code} is dissolved`, ['parentId']);
  }
  if (!isAllowedParent(level, parent?.level ?? null)) {
    throw new UserInputError(
      RULES.levelNotAllowedUnderParent,
      `A ${level} may sit only under: ${describeAllowedParents(level)}; ${parent ? `${parent.code} is a ${parent.level}` : 'no parent was given'}`,
      ['parentId'],
    );
  }
}

export interface CreateCommand {
  id: string;
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
}

export function decideCreate(command: CreateCommand, parent: OrganisationState | null): Decision {
  const code = normaliseCode(command.code);
  const name = normaliseName(command.name);
  checkCode(code);
  checkName(name);
  checkParent(command.level, parent);
  const state: OrganisationState = {
    id: command.id,
    code,
    name,
    level: command.level,
    sector: command.sector,
    parentId: parent?.id ?? null,
    path: parent ? [...parent.path, parent.id] : [],
    status: 'ACTIVE',
    version: 1,
  };
  return {
    state,
    events: [
      createEvent(EVENT_TYPES.OrganisationCreated, state.id, state.version, {
        organisationId: state.id,
        code: state.code,
        name: state.name,
        level: state.level,
        sector: state.sector,
        parentId: state.parentId,
        path: state.path,
      }),
    ],
  };
}

export function decideRename(state: OrganisationState, newName: string): Decision {
  checkActive(state);
  const name = normaliseName(newName);
  checkName(name);
  if (name === state.name) {
    throw new UserInputError(RULES.nameUnchanged, `Organisation ${state.code} is already named "${name}"`, ['name']);
  }
  const next = { ...state, name, version: state.version + 1 };
  return {
    state: next,
    events: [
      createEvent(EVENT_TYPES.OrganisationRenamed, state.id, next.version, {
        organisationId: state.id,
        previousName: state.name,
        name,
      }),
    ],
  };
}

export function decideMove(state: OrganisationState, newParent: OrganisationState): Decision {
  checkActive(state);
  if (newParent.id === state.id || newParent.path.includes(state.id)) {
    throw new UserInputError(
      RULES.cycle,
      `${newParent.code} is ${newParent.id === state.id ? 'the organisation itself' : `inside ${state.code}`}; moving there would create a cycle`,
      ['parentId'],
    );
  }
  if (newParent.id === state.parentId) {
    throw new UserInputError(RULES.alreadyUnderParent, `${state.code} is already under ${newParent.code}`, [
      'parentId',
    ]);
  }
  checkParent(state.level, newParent);
  const next: OrganisationState = {
    ...state,
    parentId: newParent.id,
    path: [...newParent.path, newParent.id],
    version: state.version + 1,
  };
  return {
    state: next,
    events: [
      createEvent(EVENT_TYPES.OrganisationMoved, state.id, next.version, {
        organisationId: state.id,
        previousParentId: state.parentId,
        parentId: newParent.id,
        path: next.path,
      }),
    ],
  };
}

export function decideDissolve(state: OrganisationState, activeChildren: number, reason: string | null): Decision {
  checkActive(state);
  const trimmed = reason?.trim() || null;
  if (trimmed && trimmed.length > REASON_MAX) {
    throw new UserInputError(RULES.reasonTooLong, `A reason has at most ${REASON_MAX} characters`, ['reason']);
  }
  if (activeChildren > 0) {
    throw new UserInputError(
      RULES.hasActiveChildren,
      `${state.code} still has ${activeChildren} active sub-organisation(s); move or dissolve them first`,
      ['id'],
    );
  }
  const next: OrganisationState = { ...state, status: 'DISSOLVED', version: state.version + 1 };
  return {
    state: next,
    events: [
      createEvent(EVENT_TYPES.OrganisationDissolved, state.id, next.version, {
        organisationId: state.id,
        reason: trimmed,
      }),
    ],
  };
}

/**
 * New paths for the descendants of a moved organisation, from the moved one's new path.
 * `descendants` are given with their current paths, which all contain `moved.id`.
 */
export function rebasePaths(
  moved: OrganisationState,
  descendants: { id: string; path: string[] }[],
): { id: string; path: string[] }[] {
  return descendants.map((d) => {
    const at = d.path.indexOf(moved.id);
    return { id: d.id, path: [...moved.path, ...d.path.slice(at)] };
  });
}

/** Strips Vietnamese diacritics and case so "nguyen thi ha" finds "Nguyễn Thị Hà". */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
