import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { createWorkingCalendar } from '@dangvien/calendar-vn';
import { withDatabase } from '@dangvien/config';
import { createBatchedReads, detectEngine } from '@dangvien/db';
import { addDays } from '@dangvien/domain';
import type { Connection } from '@dangvien/graphql';
import { createRuleBook } from '../../services/recruitment/src/domain/admission-rules';
import type { Candidate, Step } from '../../services/recruitment/src/domain/candidate';
import { FUNNEL_STAGES } from '../../services/recruitment/src/domain/funnel';
import { activeYears, createRepository } from '../../services/recruitment/src/model/repository';
import { createModels } from '../../services/recruitment/src/model/schemas';
import { createReads } from '../../services/recruitment/src/reads';
import type { PlanView } from '../../services/recruitment/src/reads';
import { pageOfList, PLAN_ORDER } from '../../services/recruitment/src/resolvers/pages';

/**
 * The funnel and the plans of a Thái Nguyên-size year on the local engine: 92 communes, 3,000 cells,
 * 7,500 candidates with a step in 2025 of whom 2,500 were admitted (decision in 2025), a plan for the
 * province and each commune. Measured: the province's funnel and its plans with progress (one indexed
 * subtree read each), against a full scan of the candidates collection as the baseline; and the first
 * page of admissionPlans (every view computed, then paged) against the unpaged views.
 */
export async function main(): Promise<number> {
  const url = withDatabase(
    process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/?directConnection=true',
    `dangvien_bench_recruitment_${Date.now()}`,
  );
  const connection = await mongoose.createConnection(url).asPromise();
  try {
    const models = createModels(connection);
    for (const model of Object.values(models)) await model.createIndexes();
    const reads = createBatchedReads({ engine: await detectEngine(connection.db!) });
    const repository = createRepository(models, { outbox: null as never, reads: () => reads });
    const province = randomUUID();
    const communes = Array.from({ length: 92 }, () => randomUUID());
    const cells = Array.from({ length: 3000 }, (_, i) => ({ id: randomUUID(), commune: communes[i % 92]! }));
    const docs = Array.from({ length: 7500 }, (_, i) => {
      const cell = cells[i % cells.length]!;
      const admitted = i < 2500;
      const reach = admitted ? 9 + (i % 3) : i % 9; // admitted ones reach DECIDED..RECOGNITION_PROPOSED
      const start = addDays('2025-01-02', i % 120);
      const steps: Step[] = FUNNEL_STAGES.slice(1, reach + 1).map((stage, k) => ({
        stage,
        date: addDays(start, 12 * (k + 1)),
        actor: 'Chi bộ',
        reference: null,
        late: false,
        ruleSet: 'QĐ 294-QĐ/TW',
        recordedAt: new Date(),
      }));
      const last = steps.at(-1);
      const candidate: Candidate = {
        id: randomUUID(),
        version: steps.length + 1,
        organisationId: cell.id,
        localityId: null,
        sourceCategory: 'OTHER',
        declaredCategories: [],
        helperMemberId: null,
        listedOn: start,
        inUnitSince: '2020-01-01',
        person: {
          fullName: `Người ${i}`,
          otherNames: [],
          sex: i % 2 ? 'FEMALE' : 'MALE',
          dateOfBirth: `${1990 + (i % 15)}-05-01`,
          birthplace: null,
          hometown: null,
          residence: null,
          ethnicityCode: i % 5 ? '01' : '02',
          religion: null,
          occupation: null,
          generalEducation: '12/12',
          professionalQualification: null,
          academicDegree: null,
          politicalTheory: null,
          foreignLanguage: null,
          informationTechnology: null,
          youthUnionEntryDate: null,
          citizenId: null,
        },
        stage: last?.stage ?? 'LISTED',
        steps,
        certificate: null,
        introduction: null,
        cellVote: null,
        committeeVote: null,
        decision: admitted
          ? {
              date: steps.find((s) => s.stage === 'DECIDED')!.date,
              number: `${i}-QĐ`,
              receivedOn: steps.find((s) => s.stage === 'DECIDED')!.date,
              extension: null,
            }
          : null,
        provincialConsent: null,
        ceremonyDate: null,
        ceremonyConsent: null,
        memberId: null,
        memberFormFiledOn: null,
        recognitionVote: null,
        officialDate: null,
        reviews: [],
      };
      const { id, version, ...state } = candidate;
      return {
        _id: id,
        organisationId: cell.id,
        ancestorIds: [province, cell.commune, cell.id],
        localityId: null,
        stage: candidate.stage,
        activeYears: activeYears(candidate),
        decisionDate: candidate.decision?.date ?? null,
        state,
        version,
        createdAt: new Date(),
        updatedAt: new Date(),
        outbox: {},
        outboxPending: 0,
      };
    });
    for (let i = 0; i < docs.length; i += 500)
      await models.candidates.collection.insertMany(docs.slice(i, i + 500) as never);
    // A plan for the province and one per commune (set by the province): the province's plan has
    // the 92 communes' as children, and admissionPlans(province) pages 93 plans computed whole.
    const plan = (unit: string, ancestorIds: string[], quota: number, women: number) => ({
      _id: randomUUID(),
      key: `${unit}:2025`,
      organisationId: unit,
      ancestorIds,
      year: 2025,
      state: {
        organisationId: unit,
        year: 2025,
        setByOrganisationId: province,
        revisions: [
          {
            revision: 1,
            quota,
            targets: [{ category: 'WOMEN', count: women }],
            effectiveDate: '2025-01-05',
            decision: null,
            reason: null,
            recordedAt: new Date(),
          },
        ],
      },
      publishedProgress: null,
      version: 1,
      createdAt: new Date(),
      updatedAt: new Date(),
      outbox: {},
      outboxPending: 0,
    });
    await models.plans.collection.insertMany([
      plan(province, [province], 2460, 1000),
      ...communes.map((c) => plan(c, [province, c], 26, 10)),
    ] as never);
    const unit = (id: string, code: string, level: string, ancestorIds: string[]) => ({
      _id: id,
      code,
      name: code,
      level,
      sector: 'STATE_AGENCY',
      parentId: ancestorIds.at(-2) ?? null,
      ancestorIds,
      dissolved: false,
      sequence: 1,
      updatedAt: new Date(),
    });
    await models.organisations.collection.insertMany([
      unit(province, 'TN', 'PROVINCE', [province]),
      ...communes.map((c, i) => unit(c, `TN.X${String(i).padStart(3, '0')}`, 'COMMUNE', [province, c])),
    ] as never);
    // Let PostgreSQL analyse the bulk load (the db benchmark found its planner needs a few seconds).
    await new Promise((r) => setTimeout(r, 5_000));
    const queries = createReads({ repository, rules: createRuleBook(), calendar: createWorkingCalendar() });
    const time = async (label: string, run: () => Promise<unknown>, n = 7) => {
      const ms: number[] = [];
      let result: unknown;
      for (let i = 0; i < n; i += 1) {
        const t = performance.now();
        result = await run();
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      process.stdout.write(
        `${label.padEnd(52)} p50 ${ms[n >> 1]!.toFixed(0).padStart(6)} ms   max ${ms[n - 1]!.toFixed(0).padStart(6)} ms\n`,
      );
      return result;
    };
    process.stdout.write(
      `recruitment funnel, ${docs.length} candidates (2,500 admitted in 2025), engine ${reads.strategyFor('_id')}\n`,
    );
    await time('baseline: read every candidate (full scan)', () =>
      models.candidates.collection.find({}).toArray(),
    );
    const funnel = (await time('admissionFunnel(province, 2025)', () => queries.funnel(province, 2025))) as {
      stages: { stage: string; reached: number; medianDays: number | null }[];
    };
    await time('admissionFunnel(one commune, 2025)', () => queries.funnel(communes[0]!, 2025));
    await time('baseline: the 93 plans with progress, unpaged', () =>
      queries.planViews(province, 2025, '2025-12-31'),
    );
    // What the resolver answers: every view computed, then the first page of the connection.
    const page = (await time('admissionPlans(province, 2025, first: 20)', async () =>
      pageOfList(await queries.planViews(province, 2025, '2025-12-31'), { first: 20 }, PLAN_ORDER),
    )) as Connection<PlanView>;
    process.stdout.write(`funnel: ${funnel.stages.map((s) => `${s.stage} ${s.reached}`).join(', ')}\n`);
    process.stdout.write(
      `plans: ${page.totalCount} in all, the province's first (${page.nodes[0]?.children.length} children), admitted ${page.nodes[0]?.progress.admitted}\n`,
    );
    return 0;
  } finally {
    await connection.dropDatabase();
    await connection.close();
  }
}
