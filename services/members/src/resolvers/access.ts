import { accessError, accessOf } from '@dangvien/auth';
import type { ObjectScope } from '@dangvien/auth';
import { currentStay } from '../domain/member';
import type { MemberFile } from '../domain/member';
import type { Context } from '../context';

/**
 * Who may see which member files. A file is personal data as a whole: it is answered to a caller
 * whose scope covers the organisation it is on (or the one it is temporarily transferred to), to
 * the member themself, and to nobody else — not even as a name in a list. Lists of a subtree are
 * answered only to callers who cover that subtree. Sensitive fields need the explicit scope on top
 * (the SDL's `@sensitive`, enforced and audited by the runtime).
 */
export function fileScope(context: Context, file: MemberFile): ObjectScope {
  const { tree } = context.treeStore;
  const stay = currentStay(file);
  return {
    ancestorIds: [
      ...tree.lineage(file.organisationId, context.today),
      ...(stay ? tree.lineage(stay.organisationId, context.today) : []),
    ],
    memberId: file.id,
  };
}

export function mayReadFile(context: Context, file: MemberFile): boolean {
  return accessOf(context).canReadPersonal(fileScope(context, file));
}

/** The file, for a caller who may read it; an error (the value null) otherwise. */
export function visibleFile(context: Context, file: MemberFile | null): MemberFile | null {
  if (!file || mayReadFile(context, file)) return file;
  throw accessError(
    accessOf(context),
    'PERSONAL_DATA_OUT_OF_SCOPE',
    "This member's file is outside the caller's scope",
  );
}

/**
 * Refuses a list of the members of `organisationId`'s subtree (null: the whole province) to a caller
 * who does not cover it.
 */
export function requireSubtreeReadable(context: Context, organisationId: string | null): void {
  const access = accessOf(context);
  const ancestorIds = organisationId ? context.treeStore.tree.lineage(organisationId, context.today) : [];
  if (access.canReadPersonal({ ancestorIds })) return;
  throw accessError(
    access,
    'PERSONAL_DATA_OUT_OF_SCOPE',
    organisationId
      ? "The members of this organisation are outside the caller's scope"
      : "The whole province's members are outside the caller's scope: name the organisation (`under`)",
  );
}
