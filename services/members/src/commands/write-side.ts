import { accessError } from '@dangvien/auth';
import type { Access, Identity } from '@dangvien/auth';
import type { MemberFileActorV1 } from '@dangvien/contracts';
import { Refusal, todayInVietnam } from '@dangvien/domain';
import type { CalendarDate, Stamp } from '@dangvien/domain';
import type { Mutex } from '@dangvien/kafka';
import { recordChange } from '../domain/change';
import type { Decided } from '../domain/decision';
import type { MemberFile } from '../domain/member';
import { MEMBER_ORGANISATION_LEVELS, RULES } from '../domain/rules';
import type { MemberRepository } from '../model/member-repository';
import type { TreeStore } from '../tree/tree-store';

export interface WriteDeps {
  repository: MemberRepository;
  treeStore: TreeStore;
  /** The runtime's write mutex; each command holds it from its read to its write. */
  exclusive: Mutex;
  stamp: () => Stamp;
}

/**
 * The audit's "who": the request's caller, as far as it is known (the identity carries no display
 * name); an anonymous caller is recorded as not vouched for.
 */
export function actorOf(caller: Identity): MemberFileActorV1 {
  return { subject: caller.subject, name: null, trusted: caller.role !== 'ANONYMOUS' };
}

/** The refusal of a change outside the caller's subtree (or by a role that writes nothing). */
export function writeRefusal(caller: Access) {
  return accessError(caller, 'WRITE_OUT_OF_SCOPE', "The member's organisation is outside the caller's scope");
}

/** Changes made by the service itself on another service's event (the handover, a reorganisation). */
export const serviceActor = (service: string): MemberFileActorV1 => ({
  subject: `service:${service}`,
  name: null,
  trusted: true,
});

export interface CommandContext {
  stamp: Stamp;
  today: CalendarDate;
}

/**
 * What every command does the same way: under the write mutex, with one stamp (clock and ids),
 * bring the tree up to date, read the file, let the domain decide, record the change (events, audit
 * entry, statistics delta) and store it in one single-document write guarded by the version read.
 * A refusal is thrown before anything is written.
 */
export function createWriteSide(deps: WriteDeps) {
  const { repository, treeStore } = deps;

  async function store(
    before: MemberFile | null,
    decided: Decided,
    actor: MemberFileActorV1,
    context: CommandContext,
  ) {
    const change = recordChange(before, decided, {
      stamp: context.stamp,
      actor,
      organisationIds: treeStore.tree.lineage(decided.file.organisationId, context.today),
    });
    await repository.write(change, context.today, context.stamp.time);
    return change.file;
  }

  return {
    repository,
    treeStore,
    store,

    /** Runs `work` as one command: mutex, stamp, today in Vietnam, a fresh tree. */
    command<T>(work: (context: CommandContext) => Promise<T>): Promise<T> {
      return deps.exclusive(async () => {
        const stamp = deps.stamp();
        await treeStore.refresh();
        return work({ stamp, today: todayInVietnam(stamp.time) });
      });
    },

    async file(id: string): Promise<MemberFile> {
      const file = await repository.load(id);
      if (!file) throw new Refusal(RULES.memberNotFound, 'No member has the id given', ['id']);
      return file;
    },

    /** Whether the caller may change files of members on `organisationId`'s list (its subtree covers it). */
    mayChange(caller: Access, organisationId: string, today: CalendarDate): boolean {
      return caller.canWrite(treeStore.tree.lineage(organisationId, today));
    },

    /** Changes one existing file. */
    async change(
      id: string,
      actor: MemberFileActorV1,
      decide: (file: MemberFile, context: CommandContext) => Decided,
      context: CommandContext,
    ): Promise<MemberFile> {
      const before = await this.file(id);
      return store(before, decide(before, context), actor, context);
    },

    /**
     * An organisation members can be on the list of, on `date`: one the tree knows, not dissolved,
     * a Party cell or a grassroots Party cell.
     */
    memberOrganisation(id: string, date: CalendarDate, field: string[]): void {
      const unit = treeStore.tree.unit(id, date);
      if (!unit) {
        throw new Refusal(
          RULES.organisationNotFound,
          `No organisation has the id given in ${field.join('.')} on ${date}`,
          field,
        );
      }
      if (unit.dissolved) {
        throw new Refusal(RULES.organisationDissolved, `${unit.name} is dissolved on ${date}`, field);
      }
      if (!(MEMBER_ORGANISATION_LEVELS as readonly string[]).includes(unit.level)) {
        throw new Refusal(
          RULES.organisationNotACell,
          `${unit.name} is a ${unit.level}: members are on the list of a Party cell or a grassroots Party cell`,
          field,
        );
      }
    },
  };
}

export type WriteSide = ReturnType<typeof createWriteSide>;
