import type { DecisionReference } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { Decided } from './decision';
import { publicEvent, revised } from './decision';
import type { MemberFile } from './member';
import { partyAgeYears } from './party-age';
import { memberRulesAt, memberRulesIfAny, RULES } from './rules';

/** A Party badge for a milestone of Party age the member has reached (30, 40, 45 … 90 years). */
export function decideBadge(
  file: MemberFile,
  input: { years: number; awardedOn: CalendarDate; decision: DecisionReference | null; today: CalendarDate },
): Decided {
  const rules = memberRulesIfAny(input.awardedOn) ?? memberRulesAt(input.today);
  if (!rules.badgeMilestones.includes(input.years)) {
    throw new Refusal(
      RULES.badgeNotAMilestone,
      `Badges mark ${rules.badgeMilestones.join(', ')} years of Party age, not ${input.years}`,
      ['years'],
      rules.legalReference,
    );
  }
  if (input.awardedOn > input.today)
    throw new Refusal(RULES.dateInFuture, 'The award date is after today', ['awardedOn']);
  const age = partyAgeYears(file, input.awardedOn);
  if (age < input.years) {
    throw new Refusal(
      RULES.badgeNotReached,
      `Party age on ${input.awardedOn} is ${age} years, under ${input.years}`,
      ['years'],
    );
  }
  if (file.badges.some((b) => b.years === input.years)) {
    throw new Refusal(RULES.badgeAlreadyAwarded, `The ${input.years}-year badge was already awarded`, [
      'years',
    ]);
  }
  const next = revised(file, {
    badges: [...file.badges, { years: input.years, awardedOn: input.awardedOn, decision: input.decision }],
  });
  return {
    file: next,
    action: 'BADGE_AWARDED',
    effectiveDate: input.awardedOn,
    reason: null,
    decision: input.decision,
    events: [
      publicEvent('dangvien.members.MemberProfileChanged.v1', {
        memberId: file.id,
        organisationId: file.organisationId,
        fields: ['badges'],
        effectiveDate: input.awardedOn,
      }),
    ],
  };
}
