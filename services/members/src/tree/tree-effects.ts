import { todayInVietnam } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { Logger } from '@dangvien/logger';
import type { WriteSide } from '../commands/write-side';
import { serviceActor } from '../commands/write-side';
import { laterOf } from '@dangvien/domain';
import { lastDatedChange } from '../domain/decision';
import { currentStay, isCounted } from '../domain/member';
import type { MemberFile } from '../domain/member';
import { decideAwaitingPlacement, decideReorganisation } from '../domain/transfers';
import { ROSTER } from '../model/member-fields';
import type { StoredFact } from '../model/tree-document';

const ORGANISATIONS = serviceActor('organisations');

/**
 * What a change of the tree does to member files, once its effective date has come (a change
 * prepared ahead, like the 1 July 2025 reform, waits for its day: `applyDue` runs after every batch
 * of the tree consumer and on a timer). Every effect is idempotent: ancestors are recomputed from
 * the tree, a member already moved is not moved again.
 */
export function createTreeEffects(side: WriteSide, logger: Logger, clock: () => Date = () => new Date()) {
  const { repository, treeStore } = side;

  async function rederive(files: MemberFile[], today: CalendarDate, now: Date): Promise<void> {
    const matched = await repository.rederive(files, today, now);
    if (matched === files.length) return;
    // Some changed meanwhile (a command wrote them, with ancestors from the same tree): read again.
    await repository.rederive(await repository.loadMany(files.map((f) => f.id)), today, now);
  }

  async function under(unit: string): Promise<MemberFile[]> {
    const keys = [
      ROSTER.listed,
      ROSTER.former,
      ROSTER.temporarilyHere,
      ROSTER.pendingLetter,
      ROSTER.awaitingPlacement,
    ];
    const byKey = await repository.byRosterKeys(keys.map((key) => key(unit)));
    const own = await repository.byOrganisation(unit);
    return [...new Map([...byKey, ...own].map((file) => [file.id, file])).values()];
  }

  /** Members of a unit merged into `target` follow it; those on temporary transfer there too. */
  async function followMerge(unit: string, target: string, fact: StoredFact): Promise<void> {
    for (const member of await under(unit)) {
      await side.command(async (context) => {
        const file = await repository.load(member.id);
        if (!file || !isCounted(file.status)) return;
        const home = file.organisationId === unit;
        if (!home && currentStay(file)?.organisationId !== unit) return;
        const date = laterOf(fact.effectiveDate, lastDatedChange(file));
        const decided = decideReorganisation(file, {
          fromOrganisationId: unit,
          toOrganisationId: target,
          home,
          effectiveDate: date,
          today: laterOf(context.today, date),
          reason: 'The organisation was merged',
        });
        await side.store(file, decided, ORGANISATIONS, context);
      });
    }
  }

  async function flagForPlacement(unit: string, fact: StoredFact & { kind: 'dissolved' }): Promise<void> {
    for (const member of await repository.byOrganisation(unit)) {
      await side.command(async (context) => {
        const file = await repository.load(member.id);
        if (!file || file.organisationId !== unit) return;
        const decided = decideAwaitingPlacement(file, {
          date: fact.effectiveDate,
          cause: fact.cause === 'SPLIT' ? 'SPLIT' : 'DISSOLVED',
          successorIds: fact.successorIds,
        });
        if (decided) await side.store(file, decided, ORGANISATIONS, context);
      });
    }
  }

  /** `unknown`: the units some file named before the tree knew them (read once per run). */
  async function apply(
    unit: string,
    fact: StoredFact,
    today: CalendarDate,
    unknown: ReadonlySet<string>,
  ): Promise<void> {
    switch (fact.kind) {
      case 'created':
        // Only files that named the unit before the tree knew it lack its ancestors.
        if (unknown.has(unit)) await side.command(async () => rederive(await under(unit), today, clock()));
        return;
      case 'moved':
        await side.command(async () => rederive(await under(unit), today, clock()));
        return;
      case 'dissolved':
        if (fact.cause === 'MERGED' && fact.successorIds[0])
          await followMerge(unit, fact.successorIds[0], fact);
        else await flagForPlacement(unit, fact);
        return;
      default:
        return;
    }
  }

  let running: Promise<void> | null = null;
  let again = false;

  async function run(): Promise<void> {
    const today = todayInVietnam(clock());
    await treeStore.refresh();
    const due = (await treeStore.pending())
      .filter((p) => p.effectiveDate <= today)
      .map((p) => ({ ...p, fact: treeStore.tree.fact(p.organisationId, p.key) }))
      .sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0));
    // A batch of the topic is mostly units created: the unknown ones are read at once, and the
    // effects marked done together at the end (each effect is idempotent, so a failure half-way
    // applies them all again).
    const created = due.filter((d) => d.fact?.kind === 'created').map((d) => d.organisationId);
    const unknown = new Set(await treeStore.unknownAmong(created));
    for (const { organisationId, fact } of due) {
      if (fact) await apply(organisationId, fact, today, unknown);
    }
    await treeStore.forgetUnknown([...unknown]);
    await treeStore.markApplied(due.map((d) => d.id));
    if (due.length > 0) logger.debug({ facts: due.length }, 'tree changes applied to member files');
  }

  const effects = {
    /**
     * Applies every change whose date has come and whose effect is not done; one run at a time. A
     * call during a run gets another run after it (the facts it stored may have come too late for it).
     */
    applyDue(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await run();
        } while (again);
      })().finally(() => {
        running = null;
      });
      return running;
    },

    /** Runs applyDue every `intervalMs`: a change prepared ahead takes effect on its day without an event. */
    schedule(intervalMs = 3_600_000) {
      let timer: NodeJS.Timeout | null = null;
      return {
        async start() {
          timer = setInterval(() => {
            effects
              .applyDue()
              .catch((error: unknown) =>
                logger.warn(
                  { err: error instanceof Error ? error.message : String(error) },
                  'scheduled tree effects failed; retried next time',
                ),
              );
          }, intervalMs);
          timer.unref();
        },
        async stop() {
          if (timer) clearInterval(timer);
          timer = null;
          await running?.catch(() => undefined);
        },
      };
    },
  };
  return effects;
}

export type TreeEffects = ReturnType<typeof createTreeEffects>;
