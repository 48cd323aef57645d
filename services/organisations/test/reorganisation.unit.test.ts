import { EVENT_TYPES } from '@dangvien/contracts';
import type { EventEnvelope } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import { activeAt, latest, versionAt } from '../src/domain/history';
import type { LocalityRecord, LocalityVersion } from '../src/domain/locality';
import type { NewUnit, ReorganisationPlan } from '../src/domain/reorganisation';
import { planMerge, planSplit } from '../src/domain/reorganisation';
import { RULES } from '../src/domain/rules';
import type { TreeIndex } from '../src/tree/tree-index';
import {
  codeOf,
  DAY_BEFORE_REFORM as BEFORE,
  decision,
  expectValidEvents,
  ids,
  indexOf,
  locality,
  org,
  REFORM as AFTER,
  testStamp,
} from './fixtures';

/**
 * Province p; communes c1, c2, c3 since 2020. c1 has cells x1, x1b and villages l1 (covered by x1),
 * l1b; c2 has cell x2 and village l2 (covered by x2); c3 has cell x3.
 */
function tree(): TreeIndex {
  return indexOf(
    [
      org('p', { level: 'PROVINCE' }),
      org('c1', { level: 'COMMUNE', parentId: 'p', name: 'Đảng bộ xã Đại Từ' }),
      org('c2', { level: 'COMMUNE', parentId: 'p', name: 'Đảng bộ xã Hùng Sơn' }),
      org('c3', { level: 'COMMUNE', parentId: 'p', name: 'Đảng bộ xã Tân Thái' }),
      org('x1', { parentId: 'c1' }),
      org('x1b', { parentId: 'c1' }),
      org('x2', { parentId: 'c2' }),
      org('x3', { parentId: 'c3' }),
    ],
    [
      locality('l1', { communeId: 'c1', cellIds: ['x1'] }),
      locality('l1b', { communeId: 'c1' }),
      locality('l2', { communeId: 'c2', cellIds: ['x2'] }),
    ],
  );
}

const d = decision('2025-06-16', '1686-QĐ/TU');

function newCommune(id: string, overrides: Partial<NewUnit> = {}): NewUnit {
  return {
    id,
    code: id.toUpperCase(),
    name: `Đảng bộ xã ${id}`,
    level: 'COMMUNE',
    sector: 'RESIDENTIAL',
    enterprise: null,
    parentId: null,
    ...overrides,
  };
}

/** Applies a plan's records to the index, as the service does document by document. */
function apply(index: TreeIndex, plan: ReorganisationPlan): TreeIndex {
  for (const change of plan.organisations) expect(index.upsertOrganisation(change.record)).toBe(true);
  for (const change of plan.localities) expect(index.upsertLocality(change.record)).toBe(true);
  return index;
}

function change(plan: ReorganisationPlan, id: string) {
  const found = plan.organisations.filter((c) => c.record.id === id);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The latest version of a locality record. */
function lastOf(record: LocalityRecord): LocalityVersion {
  return record.versions[record.versions.length - 1]!;
}

function allEvents(plan: ReorganisationPlan): EventEnvelope[] {
  return [...plan.organisations, ...plan.localities].flatMap((c) => c.events);
}

/** Each change's events are numbered up to the record's new version, one per write. */
function expectSequences(plan: ReorganisationPlan): void {
  for (const c of [...plan.organisations, ...plan.localities]) {
    const first = (c.expectedVersion ?? 0) + 1;
    expect(c.events.map((e) => e.sequence)).toEqual(c.events.map((_, i) => first + i));
    expect(c.record.version).toBe(first + c.events.length - 1);
    for (const event of c.events) expect(event.subject).toBe(c.record.id);
  }
}

function merge(
  index: TreeIndex,
  overrides: Partial<Parameters<typeof planMerge>[1]> = {},
): ReorganisationPlan {
  return planMerge(index, {
    reorganisationId: 'r1',
    sourceIds: ['c1', 'c2'],
    target: { create: newCommune('n') },
    effectiveDate: AFTER,
    decision: d,
    stamp: testStamp(),
    ...overrides,
  });
}

describe('planMerge into a new commune', () => {
  const index = tree();
  const plan = merge(index);

  it("creates the target under the sources' parent, with lineage and an OrganisationsMerged event", () => {
    expect(plan).toMatchObject({ id: 'r1', kind: 'MERGE', resultId: 'n', createdIds: ['n'] });
    const target = change(plan, 'n');
    expect(target.expectedVersion).toBeNull();
    expect(target.record.predecessorIds).toEqual(['c1', 'c2']);
    expect(latest(target.record)).toMatchObject({
      from: AFTER,
      parentId: 'p',
      level: 'COMMUNE',
      status: 'ACTIVE',
      reorganisationId: 'r1',
    });
    expect(target.events.map((e) => e.type)).toEqual([
      EVENT_TYPES.OrganisationCreated,
      EVENT_TYPES.OrganisationsMerged,
    ]);
    expect(target.events[0]!.data).toMatchObject({
      predecessorIds: ['c1', 'c2'],
      path: ['p'],
      effectiveDate: AFTER,
      decision: d,
    });
    expect(target.events[1]!.data).toMatchObject({
      organisationId: 'n',
      mergedIds: ['c1', 'c2'],
      targetCreated: true,
      reorganisationId: 'r1',
      effectiveDate: AFTER,
      decision: d,
    });
  });

  it('moves every child and locality of the sources to the target and dissolves the sources as MERGED', () => {
    for (const id of ['x1', 'x1b', 'x2']) {
      const moved = change(plan, id);
      expect(latest(moved.record)).toMatchObject({
        parentId: 'n',
        change: 'MOVED',
        reorganisationId: 'r1',
        from: AFTER,
      });
      expect(moved.events[0]!.data).toMatchObject({ parentId: 'n', path: ['p', 'n'] });
    }
    expect(plan.localities.map((c) => c.record.id).sort()).toEqual(['l1', 'l1b', 'l2']);
    for (const moved of plan.localities) {
      expect(lastOf(moved.record)).toMatchObject({ communeId: 'n', reorganisationId: 'r1' });
      expect(moved.events[0]!.type).toBe(EVENT_TYPES.LocalityMoved);
    }
    // The cells moved along, so they keep covering their villages.
    expect(lastOf(plan.localities.find((c) => c.record.id === 'l1')!.record).cellIds).toEqual(['x1']);
    for (const id of ['c1', 'c2']) {
      const source = change(plan, id);
      expect(source.record.successorIds).toEqual(['n']);
      expect(latest(source.record)).toMatchObject({
        status: 'DISSOLVED',
        change: 'MERGED_INTO',
        from: AFTER,
        reorganisationId: 'r1',
      });
      expect(source.events.map((e) => e.type)).toEqual([EVENT_TYPES.OrganisationDissolved]);
      expect(source.events[0]!.data).toMatchObject({
        cause: 'MERGED',
        successorIds: ['n'],
        effectiveDate: AFTER,
        decision: d,
      });
    }
    expect(plan.organisations.some((c) => c.record.id === 'c3' || c.record.id === 'x3')).toBe(false);
  });

  it("emits only valid events, numbered by the records' versions, dated and with the decision", () => {
    const events = allEvents(plan);
    expectValidEvents(events);
    expectSequences(plan);
    for (const event of events) {
      expect((event.data as { effectiveDate?: string }).effectiveDate).toBe(AFTER);
    }
  });

  it('reads as the old tree the day before and the new tree from the effective date', () => {
    const after = apply(tree(), plan);
    expect(ids(after.children('p', BEFORE))).toEqual(['c1', 'c2', 'c3']);
    expect(ids(after.children('p', AFTER))).toEqual(['c3', 'n']);
    expect(ids(after.children('n', AFTER))).toEqual(['x1', 'x1b', 'x2']);
    expect(ids(after.children('c1', BEFORE))).toEqual(['x1', 'x1b']);
    expect(ids(after.localitiesOf('n', AFTER))).toEqual(['l1', 'l1b', 'l2']);
    expect(ids(after.localitiesOf('c1', BEFORE))).toEqual(['l1', 'l1b']);
    expect(ids(after.coveredBy('x1', AFTER))).toEqual(['l1']);
    expect(after.organisation('n', BEFORE)).toBeNull();
  });
});

describe('planMerge into an existing commune', () => {
  const index = tree();
  const plan = merge(index, { target: { existingId: 'c3' } });

  it('moves children and localities to it, records what it absorbed, and dissolves the sources', () => {
    expect(plan).toMatchObject({ kind: 'MERGE', resultId: 'c3', createdIds: [] });
    const target = change(plan, 'c3');
    const held = index.organisationRecord('c3')!;
    expect(target.expectedVersion).toBe(held.version);
    expect(target.record.version).toBe(held.version + 1);
    expect(target.record.predecessorIds).toEqual(['c1', 'c2']);
    expect(latest(target.record)).toMatchObject({
      change: 'ABSORBED',
      from: AFTER,
      status: 'ACTIVE',
      reorganisationId: 'r1',
      parentId: 'p',
    });
    expect(versionAt(target.record, BEFORE)?.change).toBe('CREATED');
    expect(target.events).toHaveLength(1);
    expect(target.events[0]).toMatchObject({
      type: EVENT_TYPES.OrganisationsMerged,
      subject: 'c3',
      sequence: target.record.version,
      data: {
        mergedIds: ['c1', 'c2'],
        targetCreated: false,
        reorganisationId: 'r1',
        effectiveDate: AFTER,
        decision: d,
      },
    });
    for (const id of ['c1', 'c2']) {
      expect(change(plan, id).record.successorIds).toEqual(['c3']);
      expect(change(plan, id).events[0]!.data).toMatchObject({ cause: 'MERGED', successorIds: ['c3'] });
    }
    expectValidEvents(allEvents(plan));
    expectSequences(plan);

    const after = apply(tree(), plan);
    expect(ids(after.children('c3', AFTER))).toEqual(['x1', 'x1b', 'x2', 'x3']);
    expect(ids(after.children('c3', BEFORE))).toEqual(['x3']);
    expect(ids(after.localitiesOf('c3', AFTER))).toEqual(['l1', 'l1b', 'l2']);
    expect(ids(after.children('p', AFTER))).toEqual(['c3']);
    expect(activeAt(after.organisationRecord('c1')!, AFTER)).toBeNull();
  });
});

describe('planMerge refusals', () => {
  const index = tree();

  it('refuses merging a unit into itself, a source named twice and no sources', () => {
    expect(codeOf(() => merge(index, { target: { existingId: 'c1' } }))).toBe(RULES.mergeIntoItself);
    expect(codeOf(() => merge(index, { sourceIds: ['c1', 'c1'] }))).toBe(RULES.mergeDuplicateSource);
    expect(codeOf(() => merge(index, { sourceIds: [] }))).toBe(RULES.mergeNeedsSources);
  });

  it("refuses a target inside a source, existing or as the new unit's parent", () => {
    expect(codeOf(() => merge(index, { target: { existingId: 'x1' } }))).toBe(RULES.mergeTargetInsideSource);
    expect(
      codeOf(() => merge(index, { target: { create: newCommune('n', { parentId: 'c1', level: 'CELL' }) } })),
    ).toBe(RULES.mergeTargetInsideSource);
  });

  it('refuses a new target code already used (normalised), even by a dissolved unit', () => {
    expect(codeOf(() => merge(index, { target: { create: newCommune('n', { code: ' c3 ' }) } }))).toBe(
      RULES.codeTaken,
    );
    const withDissolved = indexOf([
      ...['p', 'c1', 'c2', 'x1', 'x1b', 'x2'].map((id) => index.organisationRecord(id)!),
      org('old', { level: 'COMMUNE', parentId: 'p' }, { from: '2022-01-01', status: 'DISSOLVED' }),
    ]);
    expect(codeOf(() => merge(withDissolved, { target: { create: newCommune('n', { code: 'OLD' }) } }))).toBe(
      RULES.codeTaken,
    );
  });

  it("refuses a date before a source's (or a moved child's) last change, and unknown units", () => {
    const changed = tree();
    changed.upsertOrganisation(
      org('c2', { level: 'COMMUNE', parentId: 'p' }, { from: '2025-08-01', name: 'Renamed' }),
    );
    expect(codeOf(() => merge(changed, {}))).toBe(RULES.effectiveDateBeforeLastChange);
    const childChanged = tree();
    childChanged.upsertOrganisation(org('x2', { parentId: 'c2' }, { from: '2025-08-01', name: 'Renamed' }));
    expect(codeOf(() => merge(childChanged, {}))).toBe(RULES.effectiveDateBeforeLastChange);
    expect(codeOf(() => merge(index, { sourceIds: ['c1', 'nope'] }))).toBe(RULES.notFound);
    expect(codeOf(() => merge(index, { effectiveDate: '2025-02-30' }))).toBe(RULES.effectiveDateFormat);
    expect(codeOf(() => merge(index, { decision: decision('2025-07-02') }))).toBe(RULES.decisionInvalid);
  });

  it('refuses a dissolved source or target', () => {
    const withDissolved = tree();
    withDissolved.upsertOrganisation(
      org('c3', { level: 'COMMUNE', parentId: 'p' }, { from: '2024-01-01', status: 'DISSOLVED' }),
    );
    expect(codeOf(() => merge(withDissolved, { target: { existingId: 'c3' } }))).toBe(RULES.dissolved);
    expect(codeOf(() => merge(withDissolved, { sourceIds: ['c1', 'c3'] }))).toBe(RULES.dissolved);
  });

  it('writes each organisation at most once, or refuses, when one source lies inside another', () => {
    // x1 is a child of c1: planned as "move x1 to n" AND "dissolve x1", both from the same version.
    let plan: ReorganisationPlan | null = null;
    try {
      plan = merge(index, { sourceIds: ['c1', 'x1'] });
    } catch (error) {
      expect(error).toBeInstanceOf(Refusal);
    }
    if (plan) {
      const written = plan.organisations.map((c) => c.record.id);
      expect(written).toEqual([...new Set(written)]);
    }
  });
});

function split(
  index: TreeIndex,
  overrides: Partial<Parameters<typeof planSplit>[1]> = {},
): ReorganisationPlan {
  return planSplit(index, {
    reorganisationId: 's1',
    sourceId: 'c1',
    units: [
      { ...newCommune('n1'), childIds: ['x1'], localityIds: ['l1'] },
      { ...newCommune('n2'), childIds: ['x1b'], localityIds: ['l1b'] },
    ],
    dissolveSource: true,
    effectiveDate: AFTER,
    decision: d,
    stamp: testStamp(),
    ...overrides,
  });
}

describe('planSplit', () => {
  it('splits a commune into two new ones, taking their children and localities, and dissolves it', () => {
    const index = tree();
    const plan = split(index);
    expect(plan).toMatchObject({ id: 's1', kind: 'SPLIT', resultId: 'c1', createdIds: ['n1', 'n2'] });
    for (const id of ['n1', 'n2']) {
      const created = change(plan, id);
      expect(created.expectedVersion).toBeNull();
      expect(created.record.predecessorIds).toEqual(['c1']);
      expect(latest(created.record)).toMatchObject({ parentId: 'p', from: AFTER, reorganisationId: 's1' });
      expect(created.events.map((e) => e.type)).toEqual([EVENT_TYPES.OrganisationCreated]);
    }
    expect(latest(change(plan, 'x1').record).parentId).toBe('n1');
    expect(latest(change(plan, 'x1b').record).parentId).toBe('n2');
    const source = change(plan, 'c1');
    expect(source.expectedVersion).toBe(index.organisationRecord('c1')!.version);
    expect(source.record.successorIds).toEqual(['n1', 'n2']);
    expect(latest(source.record)).toMatchObject({
      status: 'DISSOLVED',
      change: 'SPLIT',
      reorganisationId: 's1',
    });
    expect(source.events.map((e) => e.type)).toEqual([
      EVENT_TYPES.OrganisationSplit,
      EVENT_TYPES.OrganisationDissolved,
    ]);
    expect(source.events[0]!.data).toMatchObject({
      intoIds: ['n1', 'n2'],
      sourceDissolved: true,
      reorganisationId: 's1',
      decision: d,
    });
    expect(source.events[1]!.data).toMatchObject({ cause: 'SPLIT', successorIds: ['n1', 'n2'] });
    expect(plan.localities.map((c) => [c.record.id, lastOf(c.record).communeId])).toEqual([
      ['l1', 'n1'],
      ['l1b', 'n2'],
    ]);
    expectValidEvents(allEvents(plan));
    expectSequences(plan);

    const after = apply(tree(), plan);
    expect(ids(after.children('p', AFTER))).toEqual(['c2', 'c3', 'n1', 'n2']);
    expect(ids(after.children('n1', AFTER))).toEqual(['x1']);
    expect(ids(after.localitiesOf('n2', AFTER))).toEqual(['l1b']);
    expect(ids(after.children('c1', BEFORE))).toEqual(['x1', 'x1b']);
    expect(ids(after.coveredBy('x1', AFTER))).toEqual(['l1']);
  });

  it('keeps the source active when dissolveSource is false, leaving unassigned children and localities with it', () => {
    const index = tree();
    const plan = split(index, {
      dissolveSource: false,
      units: [{ ...newCommune('n1'), childIds: ['x1'], localityIds: ['l1'] }],
    });
    const source = change(plan, 'c1');
    expect(latest(source.record)).toMatchObject({
      status: 'ACTIVE',
      change: 'SPLIT',
      reorganisationId: 's1',
    });
    expect(source.record.successorIds).toEqual(['n1']);
    expect(source.events).toHaveLength(1);
    expect(source.events[0]).toMatchObject({
      type: EVENT_TYPES.OrganisationSplit,
      sequence: source.record.version,
      data: { intoIds: ['n1'], sourceDissolved: false },
    });
    expectValidEvents(allEvents(plan));
    expectSequences(plan);
    const after = apply(tree(), plan);
    expect(ids(after.children('c1', AFTER))).toEqual(['x1b']);
    expect(ids(after.localitiesOf('c1', AFTER))).toEqual(['l1b']);
    expect(after.isActive('c1', AFTER)).toBe(true);
  });

  it('refuses leaving children or localities behind a dissolved source', () => {
    const index = tree();
    expect(
      codeOf(() =>
        split(index, { units: [{ ...newCommune('n1'), childIds: ['x1'], localityIds: ['l1', 'l1b'] }] }),
      ),
    ).toBe(RULES.splitLeavesChildren);
    expect(
      codeOf(() =>
        split(index, { units: [{ ...newCommune('n1'), childIds: ['x1', 'x1b'], localityIds: ['l1'] }] }),
      ),
    ).toBe(RULES.splitLeavesLocalities);
  });

  it('refuses a child not under the source, a child assigned twice, and a foreign locality', () => {
    const index = tree();
    const units = (a: string[], b: string[], la = ['l1'], lb = ['l1b']) => [
      { ...newCommune('n1'), childIds: a, localityIds: la },
      { ...newCommune('n2'), childIds: b, localityIds: lb },
    ];
    expect(codeOf(() => split(index, { units: units(['x1', 'x2'], ['x1b']) }))).toBe(
      RULES.splitChildNotUnderSource,
    );
    expect(codeOf(() => split(index, { units: units(['x1'], ['x1', 'x1b']) }))).toBe(
      RULES.splitChildAssignedTwice,
    );
    expect(codeOf(() => split(index, { units: units(['x1'], ['x1b'], ['l1', 'l2']) }))).toBe(
      RULES.splitLocalityNotUnderSource,
    );
    expect(codeOf(() => split(index, { units: units(['x1'], ['x1b'], ['l1'], ['l1', 'l1b']) }))).toBe(
      RULES.splitLocalityNotUnderSource,
    );
  });

  it("refuses no units, a code taken or given twice, and a date before the source's last change", () => {
    const index = tree();
    expect(codeOf(() => split(index, { units: [] }))).toBe(RULES.splitNeedsUnits);
    expect(
      codeOf(() =>
        split(index, {
          units: [
            { ...newCommune('n1', { code: 'c2' }), childIds: ['x1', 'x1b'], localityIds: ['l1', 'l1b'] },
          ],
        }),
      ),
    ).toBe(RULES.codeTaken);
    expect(
      codeOf(() =>
        split(index, {
          units: [
            { ...newCommune('n1', { code: 'NEW' }), childIds: ['x1'], localityIds: ['l1'] },
            { ...newCommune('n2', { code: 'new' }), childIds: ['x1b'], localityIds: ['l1b'] },
          ],
        }),
      ),
    ).toBe(RULES.codeTaken);
    const changed = tree();
    changed.upsertOrganisation(
      org('c1', { level: 'COMMUNE', parentId: 'p' }, { from: '2025-08-01', name: 'Renamed' }),
    );
    expect(codeOf(() => split(changed))).toBe(RULES.effectiveDateBeforeLastChange);
  });

  it('keeps a village covered only by cells inside its new commune', () => {
    // l1 is covered by x1; x1 goes to n1 but l1 goes to n2: x1 can no longer cover it.
    const plan = split(tree(), {
      units: [
        { ...newCommune('n1'), childIds: ['x1'], localityIds: ['l1b'] },
        { ...newCommune('n2'), childIds: ['x1b'], localityIds: ['l1'] },
      ],
    });
    const after = apply(tree(), plan);
    for (const view of after.listLocalities({}, AFTER)) {
      for (const cellId of view.state.cellIds) {
        expect({ locality: view.record.id, cellId, ancestors: ids(after.ancestors(cellId, AFTER)) }).toEqual({
          locality: view.record.id,
          cellId,
          ancestors: expect.arrayContaining([view.state.communeId]),
        });
      }
    }
  });
});
