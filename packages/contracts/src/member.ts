/**
 * The member statuses that count towards an organisation's membership (DOMAIN.md §3): probationary
 * (dự bị) and official (chính thức). Everything else (transferred out, deceased, expelled, removed,
 * resigned) has left the organisation. Exemption from activities (miễn sinh hoạt) is a flag on an official
 * member, not a status: such a member still counts.
 */
export const MEMBER_STATUSES_COUNTED = ['PROBATIONARY', 'OFFICIAL'] as const;
export type MemberStatusCounted = (typeof MEMBER_STATUSES_COUNTED)[number];

export const MEMBER_STATUS_COUNTED_DESCRIPTIONS: Record<MemberStatusCounted, string> = {
  PROBATIONARY: 'Probationary member — Đảng viên dự bị',
  OFFICIAL: 'Official member — Đảng viên chính thức',
};
