import { Refusal } from '@dangvien/domain';
import type { Stamp } from '@dangvien/domain';
import type { CommandDeps, DatedInput, NewUnitInput, WriteSide } from './commands';
import type {
  ReorganisationPlan,
  ReorganisationProblem,
  ReorganisationRequest,
  ReorganisationStatus,
} from './domain/reorganisation';
import { planReorganisation, requestedIds } from './domain/reorganisation';
import { RULES } from './domain/rules';

/** Where a reorganisation stands after a command ran it (or tried to). */
export interface ReorganisationOutcome {
  id: string;
  kind: 'MERGE' | 'SPLIT';
  status: ReorganisationStatus;
  /** Why it is not APPLIED: the step refused, or the planning refused on a retry. */
  problem: ReorganisationProblem | null;
  /** The unit clients see as the result: the merge target, or the split source. */
  resultId: string;
  createdIds: string[];
}

/** Fault injection for tests of half-applied reorganisations; never set in production. */
export interface ReorganisationFaults {
  /** Runs before step `step` (1-based) of `steps` is written. */
  beforeStep?(reorganisationId: string, step: number, steps: number): Promise<void>;
}

/**
 * Merges and splits, which touch many documents without a transaction: the request is recorded,
 * planned, applied step by step (see domain/reorganisation.ts). A step refused on the way (another
 * writer changed a record since it was read) leaves the reorganisation in CONFLICT with that step
 * and its rule — never reported as done. `retryReorganisation` plans the rest again against the
 * records as they are now; `abandonReorganisation` gives up on it (what was applied stays, each step
 * being a valid change on its own); a PENDING one a stopped process left is retried at start-up.
 */
export function createReorganisations(side: WriteSide, deps: Pick<CommandDeps, 'logger' | 'faults'>) {
  const { index, repository, command, refresh } = side;
  const log = deps.logger.child({ component: 'reorganisations' });

  /** Reloads every record the request names, then the children and localities its sources have now. */
  async function refreshFor(request: ReorganisationRequest): Promise<void> {
    const named = requestedIds(request);
    await refresh(named);
    const sources = request.kind === 'MERGE' ? request.sourceIds : [request.sourceId];
    await refresh(
      sources.flatMap((id) => [
        ...index.children(id, request.effectiveDate).map((c) => c.record.id),
        ...index.localitiesOf(id, request.effectiveDate).map((l) => l.record.id),
      ]),
    );
  }

  /** Writes the plan's steps in order; the first refused one stops it and is returned. */
  async function applyPlan(plan: ReorganisationPlan, stamp: Stamp): Promise<ReorganisationProblem | null> {
    const steps = [
      ...plan.organisations.map((change) => () => side.store(change, stamp).then(() => change.record.code)),
      ...plan.localities.map(
        (change) => () => side.storeLocality(change, stamp).then(() => change.record.code),
      ),
    ];
    const codes = [...plan.organisations, ...plan.localities].map((c) => c.record.code);
    for (const [i, step] of steps.entries()) {
      await deps.faults?.beforeStep?.(plan.id, i + 1, steps.length);
      try {
        await step();
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        return {
          step: i + 1,
          steps: steps.length,
          subjectCode: codes[i]!,
          code: error.code,
          message: error.message,
        };
      }
    }
    return null;
  }

  /** Plans again what is left of a recorded reorganisation and applies it. */
  async function resume(
    id: string,
    request: ReorganisationRequest,
    stamp: Stamp,
  ): Promise<ReorganisationOutcome> {
    await refreshFor(request);
    let plan: ReorganisationPlan;
    try {
      plan = planReorganisation(index, request, id, stamp);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const problem = {
        step: null,
        steps: null,
        subjectCode: null,
        code: error.code,
        message: error.message,
      };
      await repository.finishReorganisation(id, 'CONFLICT', problem, stamp.time);
      log.warn({ reorganisationId: id, problem }, 'reorganisation cannot be planned again as things stand');
      return outcome(id, request, 'CONFLICT', problem);
    }
    return apply(id, request, plan, stamp);
  }

  /** Applies a plan and records the outcome. */
  async function apply(
    id: string,
    request: ReorganisationRequest,
    plan: ReorganisationPlan,
    stamp: Stamp,
  ): Promise<ReorganisationOutcome> {
    const problem = await applyPlan(plan, stamp);
    await repository.finishReorganisation(id, problem ? 'CONFLICT' : 'APPLIED', problem, stamp.time);
    if (problem) log.error({ reorganisationId: id, problem }, 'reorganisation could not be completed');
    else
      log.info(
        {
          reorganisationId: id,
          kind: request.kind,
          steps: plan.organisations.length + plan.localities.length,
        },
        'reorganisation applied',
      );
    return outcome(id, request, problem ? 'CONFLICT' : 'APPLIED', problem);
  }

  function outcome(
    id: string,
    request: ReorganisationRequest,
    status: ReorganisationStatus,
    problem: ReorganisationProblem | null,
  ): ReorganisationOutcome {
    const createdIds =
      request.kind === 'MERGE'
        ? 'create' in request.target
          ? [request.target.create.id]
          : []
        : request.units.map((u) => u.id);
    const resultId =
      request.kind === 'SPLIT'
        ? request.sourceId
        : 'existingId' in request.target
          ? request.target.existingId
          : request.target.create.id;
    return { id, kind: request.kind, status, problem, resultId, createdIds };
  }

  /** A new request: validated in full first (a refusal writes nothing), then recorded and run. */
  async function reorganise(request: ReorganisationRequest, stamp: Stamp): Promise<ReorganisationOutcome> {
    const id = stamp.newId();
    await refreshFor(request);
    const plan = planReorganisation(index, request, id, stamp);
    await repository.recordReorganisation(
      { id, request, steps: plan.organisations.length + plan.localities.length },
      stamp.time,
    );
    return apply(id, request, plan, stamp);
  }

  async function recorded(id: string) {
    const found = await repository.reorganisation(id);
    if (!found) throw new Refusal(RULES.reorganisationNotFound, 'No reorganisation has this id', ['id']);
    return found;
  }

  return {
    mergeOrganisations: (
      input: { sourceIds: string[]; target: { existingId: string } | { create: NewUnitInput } } & DatedInput,
    ) =>
      command(async (stamp) => {
        const when = side.dated(input, stamp);
        const target =
          'existingId' in input.target ? input.target : { create: side.newUnit(input.target.create, stamp) };
        return reorganise(
          {
            kind: 'MERGE',
            sourceIds: input.sourceIds,
            target,
            effectiveDate: when.effectiveDate,
            decision: when.decision,
          },
          stamp,
        );
      }),

    splitOrganisation: (
      input: {
        sourceId: string;
        units: (NewUnitInput & { childIds?: string[] | null; localityIds?: string[] | null })[];
        dissolveSource: boolean;
      } & DatedInput,
    ) =>
      command(async (stamp) => {
        const when = side.dated(input, stamp);
        const units = input.units.map((u) => ({
          ...side.newUnit(u, stamp),
          childIds: u.childIds ?? [],
          localityIds: u.localityIds ?? [],
        }));
        return reorganise(
          {
            kind: 'SPLIT',
            sourceId: input.sourceId,
            units,
            dissolveSource: input.dissolveSource,
            effectiveDate: when.effectiveDate,
            decision: when.decision,
          },
          stamp,
        );
      }),

    /** Plans again what is left of a PENDING or CONFLICT reorganisation and applies it. */
    retryReorganisation: (id: string) =>
      command(async (stamp) => {
        const found = await recorded(id);
        if (found.status === 'APPLIED' || found.status === 'ABANDONED') {
          throw new Refusal(RULES.reorganisationFinished, `This reorganisation is ${found.status} already`, [
            'id',
          ]);
        }
        return resume(id, found.request, stamp);
      }),

    /** Gives up on a reorganisation in CONFLICT: what was applied stays, nothing more is done. */
    abandonReorganisation: (id: string, reason: string) =>
      command(async (stamp) => {
        const found = await recorded(id);
        if (found.status !== 'CONFLICT') {
          throw new Refusal(
            RULES.reorganisationNotInConflict,
            `Only a reorganisation in CONFLICT can be abandoned; this one is ${found.status}`,
            ['id'],
          );
        }
        if (!reason.trim()) throw new Refusal(RULES.reasonRequired, 'Say why it is abandoned', ['reason']);
        await repository.abandonReorganisation(id, reason.trim(), stamp.time);
        return {
          ...found,
          status: 'ABANDONED' as const,
          abandonReason: reason.trim(),
          updatedAt: stamp.time,
        };
      }),

    /** Finishes the reorganisations a stopped process left PENDING (at start-up). */
    resumePending: () =>
      command(async (stamp) => {
        const pending = await repository.reorganisationsIn(['PENDING']);
        const outcomes: ReorganisationOutcome[] = [];
        for (const found of pending) outcomes.push(await resume(found.id, found.request, stamp));
        return outcomes;
      }),
  };
}
