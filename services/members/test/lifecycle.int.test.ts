import { addDays, addMonths, addYears, todayInVietnam } from '@dangvien/domain';
import { fromKafkaRecord, TOPICS } from '@dangvien/contracts';
import { readTopicMessages } from '@dangvien/testing';
import { memberGlobalId } from '../src/resolvers/ids';
import { SCOPES } from '@dangvien/auth';
import { localIdOf } from '@dangvien/graphql';
import { SENSITIVE_READS_COLLECTION } from '@dangvien/runtime';
import { as, gql, mutate, person, startTestService, withTree } from './helpers';

const today = todayInVietnam();
const ago = (years: number, months = 0, days = 0) =>
  addDays(addMonths(addYears(today, -years), months), days);
const decision = (date: string, number = '1-QĐ/ĐU') => ({ number, date, issuedBy: 'Đảng ủy xã' });

const FILE = /* GraphQL */ `
  query ($id: ID!) {
    member(id: $id) {
      status
      version
      exempted
      decisionDate
      officialDate
      organisation {
        id
      }
      temporarilyAt {
        id
      }
      pendingTransfer {
        kind
        deadline
        status
      }
      statusHistory {
        status
        from
        reason
      }
      placements {
        organisation {
          id
        }
        from
        to
        cause
      }
      disciplines {
        form
        effectiveDate
      }
      partyAgeYears
    }
  }
`;

describe('member lifecycle through the subgraph (real database and broker)', () => {
  const { service, parts, drop } = startTestService({ name: 'members_lifecycle' });
  const held = withTree({ service, parts, drop });

  const ok = async (name: string, input: Record<string, unknown>) => {
    const payload = await mutate(service.url, name, input);
    expect({ name, errors: payload.userErrors }).toEqual({ name, errors: [] });
    return payload.member!;
  };
  const file = async (id: string) => {
    const response = await gql<{ member: Record<string, unknown> }>(service.url, FILE, { id });
    expect(response.errors).toBeUndefined();
    return response.data!.member;
  };
  const register = (overrides: Record<string, unknown> = {}) =>
    ok('registerMember', {
      person: person(),
      organisationId: held.tree.global('A1'),
      decisionDate: ago(9),
      ceremonyDate: addDays(ago(9), 10),
      officialDate: addMonths(addDays(ago(9), 10), 12),
      ...overrides,
    });

  it('moves one member through every state, each change one event in file order', async () => {
    const decided = ago(9);
    const ceremony = addDays(decided, 10);
    const { id } = await register({ decisionDate: decided, ceremonyDate: ceremony, officialDate: null });
    expect((await file(id)).status).toBe('PROBATIONARY');
    await ok('recogniseOfficial', { id, decision: decision(addMonths(ceremony, 13)) });
    expect(await file(id)).toMatchObject({ status: 'OFFICIAL', officialDate: addMonths(ceremony, 12) });
    await ok('exemptMember', {
      id,
      effectiveDate: ago(7),
      reason: 'Ốm dài ngày',
      decision: decision(ago(7)),
    });
    expect((await file(id)).exempted).toBe(true);
    await ok('endExemption', { id, effectiveDate: ago(6) });
    await ok('issueTransferLetter', {
      id,
      toOrganisationId: held.tree.global('B1'),
      kind: 'TEMPORARY',
      issuedOn: ago(5, -6),
    });
    await ok('acceptTransfer', { id, acceptedOn: addDays(ago(5, -6), 5) });
    expect(await file(id)).toMatchObject({
      organisation: { id: held.tree.global('A1') },
      temporarilyAt: { id: held.tree.global('B1') },
    });
    await ok('endTemporaryTransfer', { id, effectiveDate: ago(5, -3) });
    await ok('issueTransferLetter', {
      id,
      toOrganisationId: held.tree.global('A2'),
      kind: 'PERMANENT',
      issuedOn: ago(5),
    });
    expect((await file(id)).pendingTransfer).toMatchObject({
      kind: 'PERMANENT',
      status: 'ISSUED',
      deadline: addDays(ago(5), 30),
    });
    await ok('acceptTransfer', { id, acceptedOn: addDays(ago(5), 10) });
    await ok('recordDiscipline', {
      id,
      form: 'WARNING',
      effectiveDate: ago(4, -6),
      reason: 'Vi phạm quy chế',
      decision: decision(ago(4, -6)),
    });
    await ok('recordLeaving', { id, reason: 'REMOVED', effectiveDate: ago(4), note: 'Bỏ sinh hoạt 3 tháng' });
    await ok('readmitMember', {
      id,
      organisationId: held.tree.global('A2'),
      decisionDate: ago(0, -2),
      decisionNumber: '5-QĐ/ĐU',
    });
    await ok('recordLeaving', { id, reason: 'DECEASED', effectiveDate: today });
    const final = await file(id);
    expect(final).toMatchObject({
      status: 'DECEASED',
      organisation: { id: held.tree.global('A2') },
      disciplines: [{ form: 'WARNING', effectiveDate: ago(4, -6) }],
    });
    expect((final.statusHistory as { status: string }[]).map((s) => s.status)).toEqual([
      'PROBATIONARY',
      'OFFICIAL',
      'REMOVED',
      'PROBATIONARY',
      'DECEASED',
    ]);
    expect((final.placements as { cause: string }[]).map((p) => p.cause)).toEqual([
      'REGISTERED',
      'TRANSFERRED',
      'READMITTED',
    ]);
    // Party age: from the decision to the removal, then from the readmission (about 5 years 2 months).
    expect(final.partyAgeYears).toBe(5);

    // Every change published in order, as the contract says: sequence = the file version.
    const memberId = id.length > 36 ? Buffer.from(id, 'base64url').toString().slice('Member:'.length) : id;
    const records = await readTopicMessages(held.kafka.kafka, TOPICS.members, {
      until: (all) => all.filter((m) => m.key === memberId).length >= 13,
      timeoutMs: 30_000,
    });
    const events = records.filter((m) => m.key === memberId).map((m) => fromKafkaRecord(m));
    expect(events.map((e) => e.type.split('.')[2])).toEqual([
      'MemberRegistered',
      'MemberRecognisedOfficial',
      'MemberExempted',
      'MemberExemptionEnded',
      'MemberTransferLetterIssued',
      'MemberTransferred',
      'MemberTemporaryTransferEnded',
      'MemberTransferLetterIssued',
      'MemberTransferred',
      'MemberDisciplined',
      'MemberLeft',
      'MemberReadmitted',
      'MemberLeft',
    ]);
    const sequences = events.map((e) => e.sequence);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(final.version).toBe(sequences.at(-1)! + 1);
  }, 90_000);

  it('expels through discipline and restores, the status before kept', async () => {
    const { id } = await register();
    await ok('recordDiscipline', {
      id,
      form: 'EXPULSION',
      effectiveDate: ago(2),
      reason: 'Vi phạm nghiêm trọng',
      decision: decision(ago(2)),
    });
    expect((await file(id)).status).toBe('EXPELLED');
    await ok('restoreMember', {
      id,
      effectiveDate: ago(1),
      reason: 'Quyết định khai trừ bị hủy',
      decision: decision(ago(1), '9-QĐ/TU'),
    });
    const restored = await file(id);
    expect(restored).toMatchObject({ status: 'OFFICIAL', organisation: { id: held.tree.global('A1') } });
    // Restoration: the time out counts (the decision that ended it was annulled).
    expect(restored.partyAgeYears).toBe(9);
  }, 60_000);

  it('refuses an illegal change with the rule that forbids it and changes nothing', async () => {
    const official = (await register()).id;
    const young = (
      await register({
        person: person({ dateOfBirth: ago(25) }),
        decisionDate: ago(0, -3),
        ceremonyDate: ago(0, -3),
        officialDate: null,
      })
    ).id;
    const left = (await register()).id;
    await ok('recordLeaving', { id: left, reason: 'RESIGNED', effectiveDate: ago(0, -1) });
    const withLetter = (await register()).id;
    await ok('issueTransferLetter', {
      id: withLetter,
      toOrganisationId: held.tree.global('B1'),
      kind: 'PERMANENT',
      issuedOn: ago(0, -2),
    });
    await register({ person: person({ partyCardNumber: '55500001' }) });
    const unknownMember = memberGlobalId('00000000-0000-4000-8000-000000000000');

    const cases: [string, string, Record<string, unknown>, string][] = [
      [
        'recognising an official member',
        'recogniseOfficial',
        { id: official, decision: decision(today) },
        'MEMBER_NOT_PROBATIONARY',
      ],
      [
        'recognising before the 12 months',
        'recogniseOfficial',
        { id: young, decision: decision(today) },
        'PROBATION_NOT_ENDED',
      ],
      [
        'exempting a probationary member',
        'exemptMember',
        { id: young, effectiveDate: today, reason: 'x' },
        'EXEMPTION_ONLY_FOR_OFFICIAL_MEMBERS',
      ],
      [
        'ending an exemption that is not',
        'endExemption',
        { id: official, effectiveDate: today },
        'NOT_EXEMPTED',
      ],
      [
        'an exemption ending before it starts',
        'exemptMember',
        { id: official, effectiveDate: today, until: ago(1), reason: 'x' },
        'EXEMPTION_UNTIL_BEFORE_START',
      ],
      [
        'an exemption without a reason',
        'exemptMember',
        { id: official, effectiveDate: today, reason: ' ' },
        'REASON_REQUIRED',
      ],
      [
        'a change dated in the future',
        'exemptMember',
        { id: official, effectiveDate: addDays(today, 3), reason: 'x' },
        'DATE_IN_FUTURE',
      ],
      [
        'a change dated before the last one',
        'exemptMember',
        { id: official, effectiveDate: ago(20), reason: 'x' },
        'DATE_BEFORE_LAST_CHANGE',
      ],
      [
        'a letter to the own cell',
        'issueTransferLetter',
        { id: official, toOrganisationId: held.tree.global('A1'), kind: 'PERMANENT', issuedOn: today },
        'TRANSFER_TO_SAME_ORGANISATION',
      ],
      [
        'a letter to a commune',
        'issueTransferLetter',
        { id: official, toOrganisationId: held.tree.global('C2'), kind: 'PERMANENT', issuedOn: today },
        'ORGANISATION_NOT_A_CELL',
      ],
      [
        'a letter to nowhere',
        'issueTransferLetter',
        {
          id: official,
          toOrganisationId: held.tree.global('A1').slice(0, -4) + 'AAAA',
          kind: 'PERMANENT',
          issuedOn: today,
        },
        'ORGANISATION_NOT_FOUND',
      ],
      [
        'a second letter',
        'issueTransferLetter',
        { id: withLetter, toOrganisationId: held.tree.global('A2'), kind: 'PERMANENT', issuedOn: today },
        'TRANSFER_LETTER_PENDING',
      ],
      [
        'accepting without a letter',
        'acceptTransfer',
        { id: official, acceptedOn: today },
        'NO_TRANSFER_LETTER_PENDING',
      ],
      [
        'accepting after the deadline',
        'acceptTransfer',
        { id: withLetter, acceptedOn: today },
        'TRANSFER_LETTER_EXPIRED',
      ],
      [
        'cancelling as expired while valid',
        'cancelTransferLetter',
        { id: withLetter, effectiveDate: ago(0, -2), reason: 'EXPIRED' },
        'CANCEL_REASON_INVALID',
      ],
      [
        'ending a temporary transfer that is not',
        'endTemporaryTransfer',
        { id: official, effectiveDate: today },
        'NOT_ON_TEMPORARY_TRANSFER',
      ],
      [
        'a member who left leaving again',
        'recordLeaving',
        { id: left, reason: 'DECEASED', effectiveDate: today },
        'MEMBER_NOT_ON_ANY_LIST',
      ],
      [
        'dismissing a probationary member',
        'recordDiscipline',
        { id: young, form: 'DISMISSAL', effectiveDate: today, reason: 'x', decision: decision(today) },
        'DISCIPLINE_FORM_NOT_ALLOWED_FOR_PROBATIONARY',
      ],
      [
        'readmitting a member on a list',
        'readmitMember',
        { id: official, organisationId: held.tree.global('A1'), decisionDate: today, decisionNumber: '1' },
        'READMISSION_NOT_ALLOWED',
      ],
      [
        'readmitting too soon',
        'readmitMember',
        { id: left, organisationId: held.tree.global('A1'), decisionDate: today, decisionNumber: '1' },
        'READMISSION_TOO_SOON',
      ],
      [
        'restoring a member on a list',
        'restoreMember',
        { id: official, effectiveDate: today, reason: 'x', decision: decision(today) },
        'RESTORATION_NOT_ALLOWED',
      ],
      [
        'a badge for 33 years',
        'awardBadge',
        { id: official, years: 33, awardedOn: today },
        'BADGE_NOT_A_MILESTONE',
      ],
      [
        'a 30-year badge at 9 years',
        'awardBadge',
        { id: official, years: 30, awardedOn: today },
        'BADGE_NOT_REACHED',
      ],
      [
        'placing a member not waiting',
        'placeMember',
        { id: official, organisationId: held.tree.global('A2'), effectiveDate: today },
        'PLACEMENT_NOT_REQUIRED',
      ],
      [
        'a Party card of 7 digits',
        'updateMemberProfile',
        { id: official, changes: { partyCardNumber: '1234567' }, reason: 'x' },
        'PARTY_CARD_NUMBER_FORMAT',
      ],
      [
        'another member’s Party card',
        'updateMemberProfile',
        { id: official, changes: { partyCardNumber: '55500001' }, reason: 'x' },
        'PARTY_CARD_NUMBER_TAKEN',
      ],
      [
        'a citizen id of 9 digits',
        'updateMemberProfile',
        { id: official, changes: { citizenId: '123456789' }, reason: 'x' },
        'CITIZEN_ID_FORMAT',
      ],
      [
        'an ethnic group outside the 54',
        'updateMemberProfile',
        { id: official, changes: { ethnicityCode: '77' }, reason: 'x' },
        'ETHNICITY_UNKNOWN',
      ],
      [
        'an empty name',
        'updateMemberProfile',
        { id: official, changes: { fullName: '  ' }, reason: 'x' },
        'FULL_NAME_REQUIRED',
      ],
      [
        'general education not grade/system',
        'updateMemberProfile',
        { id: official, changes: { generalEducation: 'Đại học' }, reason: 'x' },
        'GENERAL_EDUCATION_FORMAT',
      ],
      [
        'a change that changes nothing',
        'updateMemberProfile',
        { id: official, changes: { sex: 'FEMALE' }, reason: 'x' },
        'NO_CHANGE',
      ],
      [
        'a change without a reason',
        'updateMemberProfile',
        { id: official, changes: { occupation: 'Giáo viên' }, reason: '' },
        'REASON_REQUIRED',
      ],
      [
        'a member id of another type',
        'exemptMember',
        { id: held.tree.global('A1'), effectiveDate: today, reason: 'x' },
        'MEMBER_ID_INVALID',
      ],
      [
        'a member nobody has',
        'exemptMember',
        { id: unknownMember, effectiveDate: today, reason: 'x' },
        'MEMBER_NOT_FOUND',
      ],
      [
        'a member admitted at 15',
        'registerMember',
        {
          person: person({ dateOfBirth: ago(16) }),
          organisationId: held.tree.global('A1'),
          decisionDate: ago(1),
        },
        'TOO_YOUNG_AT_ADMISSION',
      ],
      [
        'a ceremony before the decision',
        'registerMember',
        {
          person: person(),
          organisationId: held.tree.global('A1'),
          decisionDate: ago(3),
          ceremonyDate: ago(4),
        },
        'ADMISSION_DATES_OUT_OF_ORDER',
      ],
      [
        'an official date that is not the end of probation',
        'registerMember',
        {
          person: person(),
          organisationId: held.tree.global('A1'),
          decisionDate: ago(3),
          ceremonyDate: ago(3),
          officialDate: ago(2, 3),
        },
        'OFFICIAL_DATE_NOT_END_OF_PROBATION',
      ],
      [
        'a birth date in the future',
        'registerMember',
        {
          person: person({ dateOfBirth: addDays(today, 1) }),
          organisationId: held.tree.global('A1'),
          decisionDate: ago(1),
        },
        'DATE_OF_BIRTH_IN_FUTURE',
      ],
      [
        'registering in a province',
        'registerMember',
        { person: person(), organisationId: held.tree.global('P'), decisionDate: ago(1) },
        'ORGANISATION_NOT_A_CELL',
      ],
    ];
    const members = parts.repository.collection;
    // Other test files publish admissions on the shared handover topic: this service takes them in as
    // files of units it does not know and re-derives them when their tree arrives. None of the
    // refusals below is an admission, so those files are left out of the comparison.
    const snapshot = async () => {
      await service.relay.idle();
      const docs = await members
        .find({ 'file.source': { $ne: 'ADMISSION' } })
        .sort({ _id: 1 })
        .toArray();
      return new Map(docs.map((doc) => [String(doc._id), JSON.stringify(doc)]));
    };
    for (const [what, name, input, code] of cases) {
      const before = await snapshot();
      const payload = await mutate(service.url, name, input);
      expect({ what, codes: payload.userErrors.map((e) => e.code), member: payload.member }).toEqual({
        what,
        codes: [code],
        member: null,
      });
      // The documents that differ, whole, so a failure shows what changed.
      const after = await snapshot();
      const changed = [...new Set([...before.keys(), ...after.keys()])]
        .filter((id) => before.get(id) !== after.get(id))
        .map((id) => ({ before: before.get(id) ?? null, after: after.get(id) ?? null }));
      expect({ what, changed }).toEqual({ what, changed: [] });
    }
    const withReference = await mutate(service.url, 'recogniseOfficial', {
      id: young,
      decision: decision(today),
    });
    expect(withReference.userErrors[0]!.legalReference).toMatch(/Party Charter/);
  }, 120_000);

  it('answers a file only within the caller’s scope, sensitive fields only with the scope, each such read audited', async () => {
    const { id } = await register({ person: person({ religion: 'BUDDHISM', citizenId: '019185000999' }) });
    const local = localIdOf(id, 'Member')!;
    const query = `query ($id: ID!) { member(id: $id) { fullName ethnicity { code name minority } religion citizenId } }`;
    const read = async (headers: Record<string, string>) => {
      const response = await gql<{ member: Record<string, unknown> | null }>(
        service.url,
        query,
        { id },
        headers,
      );
      const reasons = [
        ...new Set((response.errors ?? []).map((e) => `${e.extensions?.code}/${e.extensions?.reason}`)),
      ];
      return { member: response.data?.member ?? null, reasons };
    };
    const full = {
      fullName: 'Nguyễn Thị Hà',
      ethnicity: { code: '02', name: 'Tày', minority: true },
      religion: 'BUDDHISM',
      citizenId: '019185000999',
    };
    const withoutSensitive = { fullName: 'Nguyễn Thị Hà', ethnicity: null, religion: null, citizenId: null };
    const reader = `reader-${local}`;
    const sensitive = { scopes: [SCOPES.sensitiveRead] };
    const answers = {
      cellSecretaryWithScope: await read(
        as('CELL_SECRETARY', held.tree.ids.A1!, { ...sensitive, subject: reader }),
      ),
      communeOfficer: await read(as('COMMITTEE_OFFICER', held.tree.ids.C1!)),
      theMember: await read(as('MEMBER', null, { memberId: local })),
      siblingCellSecretary: await read(as('CELL_SECRETARY', held.tree.ids.A2!, sensitive)),
      otherCommuneOfficer: await read(as('COMMITTEE_OFFICER', held.tree.ids.C2!, sensitive)),
      anotherMember: await read(as('MEMBER', null, { memberId: 'someone-else' })),
      integrator: await read(as('INTEGRATOR', null, sensitive)),
      anonymous: await read({}),
    };
    const outOfScope = { member: null, reasons: ['FORBIDDEN/PERSONAL_DATA_OUT_OF_SCOPE'] };
    expect(answers).toEqual({
      cellSecretaryWithScope: { member: full, reasons: [] },
      communeOfficer: { member: withoutSensitive, reasons: ['FORBIDDEN/SENSITIVE_SCOPE_REQUIRED'] },
      theMember: { member: withoutSensitive, reasons: ['FORBIDDEN/SENSITIVE_SCOPE_REQUIRED'] },
      siblingCellSecretary: outOfScope,
      otherCommuneOfficer: outOfScope,
      anotherMember: outOfScope,
      integrator: outOfScope,
      anonymous: { member: null, reasons: ['UNAUTHENTICATED/PERSONAL_DATA_OUT_OF_SCOPE'] },
    });
    // Decree 13/2023: who read whose sensitive data, when — written before the answer left.
    const audited = await service.runtime.database.connection
      .collection(SENSITIVE_READS_COLLECTION)
      .find({ subject: reader })
      .toArray();
    expect(audited.map(({ role, type, memberId, fields }) => ({ role, type, memberId, fields }))).toEqual([
      {
        role: 'CELL_SECRETARY',
        type: 'Member',
        memberId: local,
        fields: ['citizenId', 'ethnicity', 'religion'],
      },
    ]);
  });

  it('changes a file only for writers whose subtree covers it, and only in the roles each change allows', async () => {
    const { id } = await register();
    const before = await file(id);
    const exempt = async (headers: Record<string, string>) => {
      const response = await gql<{ exemptMember: { userErrors: { code: string }[] } | null }>(
        service.url,
        `mutation ($input: ExemptMemberInput!) { exemptMember(input: $input) { member { id } userErrors { code } } }`,
        { input: { id, effectiveDate: today, reason: 'Tuổi cao, sức yếu' } },
        headers,
      );
      return (response.errors ?? []).map((e) => `${e.extensions?.code}/${e.extensions?.reason}`);
    };
    const register2 = async (headers: Record<string, string>) => {
      const response = await gql<{ registerMember: unknown }>(
        service.url,
        `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { member { id } userErrors { code } } }`,
        { input: { person: person(), organisationId: held.tree.global('A1'), decisionDate: ago(2) } },
        headers,
      );
      return (response.errors ?? []).map((e) => `${e.extensions?.code}/${e.extensions?.reason}`);
    };
    expect({
      siblingSecretaryExempts: await exempt(as('CELL_SECRETARY', held.tree.ids.A2!)),
      otherCommuneExempts: await exempt(as('COMMITTEE_OFFICER', held.tree.ids.C2!)),
      auditorExempts: await exempt(as('AUDITOR')),
      anonymousExempts: await exempt({}),
      secretaryRegisters: await register2(as('CELL_SECRETARY', held.tree.ids.A1!)),
      otherCommuneRegisters: await register2(as('COMMITTEE_OFFICER', held.tree.ids.C2!)),
    }).toEqual({
      siblingSecretaryExempts: ['FORBIDDEN/WRITE_OUT_OF_SCOPE'],
      otherCommuneExempts: ['FORBIDDEN/WRITE_OUT_OF_SCOPE'],
      auditorExempts: ['FORBIDDEN/ROLE_NOT_ALLOWED'],
      anonymousExempts: ['UNAUTHENTICATED/ROLE_NOT_ALLOWED'],
      secretaryRegisters: ['FORBIDDEN/ROLE_NOT_ALLOWED'],
      otherCommuneRegisters: ['FORBIDDEN/WRITE_OUT_OF_SCOPE'],
    });
    expect(await file(id)).toEqual(before);
    // The cell's own secretary exempts (a cell decision).
    expect(await exempt(as('CELL_SECRETARY', held.tree.ids.A1!))).toEqual([]);
    expect((await file(id)).exempted).toBe(true);
  });
});
