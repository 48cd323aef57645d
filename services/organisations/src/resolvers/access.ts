import { fromGlobalId } from '@dangvien/graphql';
import type { Context } from '../context';
import { LOCALITY_TYPE, ORGANISATION_TYPE } from './ids';

/**
 * Who may change the tree: a writer (the SDL's `@allow` names the roles) whose subtree covers every
 * unit a mutation names — the unit changed, the parent it moves under, the units merged, the commune
 * and cells of a locality. A new root (no parent) or a unit above the caller is the province's.
 * Refused with FORBIDDEN (WRITE_OUT_OF_SCOPE) before the command runs: nothing is written.
 */
function unitsNamed(value: unknown, found: string[][], context: Context): void {
  if (typeof value === 'string') {
    const global = fromGlobalId(value);
    if (global?.type === ORGANISATION_TYPE) found.push(lineage(context, global.id));
    if (global?.type === LOCALITY_TYPE) {
      const locality = context.index.locality(global.id, context.today);
      if (locality) found.push(lineage(context, locality.state.communeId));
    }
    return;
  }
  if (Array.isArray(value)) for (const item of value) unitsNamed(item, found, context);
  else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) unitsNamed(item, found, context);
  }
}

function lineage(context: Context, organisationId: string): string[] {
  return [organisationId, ...context.index.ancestors(organisationId, context.today).map((a) => a.record.id)];
}

/** The units a mutation names, with their ancestors, for `guardWrites` of @dangvien/auth. */
export function unitsActedIn(name: string, input: Record<string, unknown>, context: Context): string[][] {
  const named: string[][] = [];
  unitsNamed(input, named, context);
  // A unit created with no parent is a new root: only the province may add one.
  if (name === 'createOrganisation' && !input.parentId) named.push([]);
  return named;
}
