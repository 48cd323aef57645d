import type { mongo } from 'mongoose';
import type { Access } from '@dangvien/auth';
import { Refusal } from '@dangvien/domain';
import type { Mutex } from '@dangvien/kafka';
import type { Stamp } from '@dangvien/domain';
import { checkMayInspect } from '../access';
import type { Inspection, InspectionFinding, InspectionKind } from '../domain/inspections';
import { completeInspection, planInspection } from '../domain/inspections';
import { RULES } from '../domain/rules';
import type { TreeStore } from '../model/tree-store';
import { placeOf } from './subjects';

export interface InspectionDocument {
  _id: string;
  version: number;
  organisationId: string;
  rootId: string;
  year: number;
  kind: InspectionKind;
  status: Inspection['status'];
  plannedOn: string;
  completedOn: string | null;
  /** The whole inspection as JSON (findings may be long). */
  data: string;
}

export const inspectionOf = (doc: InspectionDocument): Inspection => JSON.parse(doc.data) as Inspection;

/**
 * Inspections and supervisions are records the service owns (no other service knows them): planned,
 * then completed with findings, by a committee above the unit. They publish no event.
 */
export function createInspectionCommands(deps: {
  inspections: mongo.Collection;
  trees: TreeStore;
  exclusive: Mutex;
  stamp: () => Stamp;
}) {
  const { inspections } = deps;

  async function placed(organisationId: string, date: string) {
    const where = await placeOf(deps.trees, organisationId, date);
    if (!where?.state) {
      throw new Refusal(RULES.organisationNotActive, `${organisationId} did not exist on ${date}`, [
        'organisationId',
      ]);
    }
    const ancestors = where.tree.ancestorsOf(organisationId);
    return { organisationId, ancestors, rootId: ancestors.at(-1) ?? organisationId };
  }

  return {
    async plan(
      access: Access,
      input: {
        organisationId: string;
        kind: InspectionKind;
        plannedOn: string;
        topic: string;
        conductedBy: string;
      },
    ): Promise<Inspection> {
      return deps.exclusive(async () => {
        const stamp = deps.stamp();
        const inspection = planInspection(input, stamp.newId());
        const place = await placed(input.organisationId, inspection.plannedOn);
        checkMayInspect(access, place);
        const doc: InspectionDocument = {
          _id: inspection.id,
          version: 1,
          organisationId: inspection.organisationId,
          rootId: place.rootId,
          year: inspection.year,
          kind: inspection.kind,
          status: inspection.status,
          plannedOn: inspection.plannedOn,
          completedOn: null,
          data: JSON.stringify(inspection),
        };
        await inspections.insertOne({ ...doc, createdAt: stamp.time, updatedAt: stamp.time } as never);
        return inspection;
      });
    },

    async complete(
      access: Access,
      input: { id: string; completedOn: string; findings: InspectionFinding[]; conclusion: string },
    ): Promise<Inspection> {
      return deps.exclusive(async () => {
        const stamp = deps.stamp();
        const doc = (await inspections.findOne({ _id: input.id } as never)) as InspectionDocument | null;
        if (!doc) throw new Refusal(RULES.inspectionNotFound, `There is no inspection ${input.id}`, ['id']);
        checkMayInspect(access, await placed(doc.organisationId, doc.plannedOn));
        const done = completeInspection(inspectionOf(doc), input);
        const result = await inspections.updateOne({ _id: doc._id, version: doc.version } as never, {
          $set: {
            status: done.status,
            completedOn: done.completedOn,
            data: JSON.stringify(done),
            version: doc.version + 1,
            updatedAt: stamp.time,
          },
        });
        if (result.matchedCount === 0) throw new Error(`inspection ${doc._id} changed meanwhile; try again`);
        return done;
      });
    },
  };
}

export type InspectionCommands = ReturnType<typeof createInspectionCommands>;
