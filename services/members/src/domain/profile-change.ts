import { Refusal } from '@dangvien/domain';
import type { Dated, Decided } from './decision';
import { publicEvent, requireReason, revised } from './decision';
import type { MemberFile, Profile } from './member';
import { changedFields, checkedProfile } from './profile';
import { RULES } from './rules';

/**
 * Corrects or updates fields of the member form. Every change gives its reason (it goes into the
 * audit with the old and new values); the published event names the fields only.
 */
export function decideProfileChange(file: MemberFile, changes: Partial<Profile>, input: Dated): Decided {
  const reason = requireReason(input.reason);
  const profile = checkedProfile({ ...file.profile, ...changes }, input.today, ['changes']);
  const fields = changedFields(file.profile, profile);
  if (fields.length === 0)
    throw new Refusal(RULES.noChange, 'The changes leave the file as it is', ['changes']);
  return {
    file: revised(file, { profile }),
    action: 'PROFILE_UPDATED',
    effectiveDate: input.effectiveDate,
    reason,
    decision: input.decision ?? null,
    events: [
      publicEvent('dangvien.members.MemberProfileChanged.v1', {
        memberId: file.id,
        organisationId: file.organisationId,
        fields,
        effectiveDate: input.effectiveDate,
      }),
    ],
  };
}
