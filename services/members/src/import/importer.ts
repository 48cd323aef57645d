import type { MemberFileActorV1 } from '@dangvien/contracts';
import { isRefusal, Refusal } from '@dangvien/domain';
import type { WriteSide } from '../commands/write-side';
import { recordChange } from '../domain/change';
import type { MemberChange } from '../domain/change';
import type { MemberFile, Profile } from '../domain/member';
import { decideProfileChange } from '../domain/profile-change';
import { changedFields, checkedProfile } from '../domain/profile';
import { decideRegistration } from '../domain/registration';
import type { RegistrationInput } from '../domain/registration';
import { RULES } from '../domain/rules';
import { importModel, MAX_STORED_ERRORS } from '../model/import-document';
import type { ImportDocument, ImportRowError } from '../model/import-document';
import type { Connection } from 'mongoose';
import { CellError, IMPORT_COLUMNS, IMPORT_RULES, mapHeaders } from './columns';
import type { ImportColumn } from './columns';
import { formatOf, parseFile } from './parse-file';

/** Rows per batch of a whole file: one read of existing cards and one bulk insert each. */
export const IMPORT_BATCH = 1_000;

const PROFILE_KEYS = new Set<string>([
  'fullName',
  'otherNames',
  'sex',
  'dateOfBirth',
  'birthplace',
  'hometown',
  'residence',
  'ethnicityCode',
  'religion',
  'occupation',
  'generalEducation',
  'professionalQualification',
  'academicTitle',
  'politicalTheory',
  'foreignLanguage',
  'informationTechnology',
  'youthUnionEntryDate',
  'historyNumber',
  'citizenId',
  'partyCardNumber',
]);

interface ReadRow {
  row: number;
  cells: Map<string, string>;
  values: Record<string, unknown>;
}

function headerOf(key: string): string | null {
  return IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? null;
}

/**
 * Imports member lists (CSV or XLSX): every row is checked on its own, a valid one registers a new
 * member (MemberRegistered and its file change, as one write) or updates the file that has its
 * Party card number (never a second file), an invalid one is reported with its row, column, value
 * and the rule it breaks. A list arrives whole (importFile) or in batches of rows (the CLI, to
 * show its progress), each batch one command under the write mutex.
 */
export function createImporter(connection: Connection, side: WriteSide) {
  const imports = importModel(connection);

  function readRows(rows: readonly string[][], firstRow: number, columns: Map<number, ImportColumn>) {
    const read: ReadRow[] = [];
    const errors: ImportRowError[] = [];
    rows.forEach((cells, i) => {
      const row = firstRow + i;
      const entry: ReadRow = { row, cells: new Map(), values: {} };
      let ok = true;
      for (const [index, column] of columns) {
        const raw = (cells[index] ?? '').trim();
        entry.cells.set(column.key, raw);
        if (raw === '') {
          if (column.required) {
            errors.push({
              row,
              column: column.header,
              value: null,
              rule: IMPORT_RULES.required,
              message: `${column.header} is required`,
            });
            ok = false;
          }
          entry.values[column.key] = column.key === 'otherNames' ? [] : null;
          continue;
        }
        try {
          entry.values[column.key] = column.parse(raw);
        } catch (error) {
          if (!(error instanceof CellError)) throw error;
          errors.push({ row, column: column.header, value: raw, rule: error.rule, message: error.message });
          ok = false;
        }
      }
      if (ok) read.push(entry);
    });
    return { read, errors };
  }

  function refusalError(entry: ReadRow, refusal: Refusal): ImportRowError {
    const key = [...(refusal.field ?? [])].reverse().find((part) => headerOf(part) !== null) ?? null;
    return {
      row: entry.row,
      column: key ? headerOf(key) : null,
      value: key ? (entry.cells.get(key) ?? null) : null,
      rule: refusal.code,
      message: refusal.message,
    };
  }

  /** The profile a row gives; a column the list does not have is a field left empty. */
  function profileOf(values: Record<string, unknown>): Profile {
    const empty = Object.fromEntries([...PROFILE_KEYS].map((key) => [key, null]));
    const given = Object.fromEntries(
      Object.entries(values).filter(([key, value]) => PROFILE_KEYS.has(key) && value !== undefined),
    );
    return { ...empty, otherNames: [], personalHistory: null, ...given } as unknown as Profile;
  }

  /** One batch: new files inserted together, existing ones updated one by one. */
  async function importBatch(
    doc: ImportDocument,
    rows: readonly string[][],
    firstRow: number,
    actor: MemberFileActorV1,
  ) {
    const { columns } = mapHeaders(doc.headers);
    const { read, errors } = readRows(rows, firstRow, columns);
    const counts = { created: 0, updated: 0, unchanged: 0 };
    await side.command(async (context) => {
      const { tree } = side.treeStore;
      const seen = new Set<string>();
      const unique = read.filter((entry) => {
        const card = entry.values.partyCardNumber as string;
        if (!seen.has(card)) return seen.add(card);
        errors.push({
          row: entry.row,
          column: headerOf('partyCardNumber'),
          value: card,
          rule: IMPORT_RULES.duplicateCard,
          message: 'This Party card number is on an earlier row of the list',
        });
        return false;
      });
      const existing = new Map<string, MemberFile>(
        (await side.repository.byCards(unique.map((e) => e.values.partyCardNumber as string))).map((file) => [
          file.profile.partyCardNumber!,
          file,
        ]),
      );
      const created: { entry: ReadRow; change: MemberChange }[] = [];
      for (const entry of unique) {
        try {
          const v = entry.values;
          const organisationId = tree.idByCode(v.organisationCode as string);
          if (!organisationId) {
            throw new Refusal(
              IMPORT_RULES.organisation,
              `No organisation has the code ${String(v.organisationCode)}`,
              ['organisationCode'],
            );
          }
          side.memberOrganisation(organisationId, context.today, ['organisationCode']);
          const file = existing.get(v.partyCardNumber as string);
          const input: RegistrationInput = {
            id: file?.id ?? context.stamp.newId(),
            profile: profileOf(v),
            organisationId,
            decisionDate: v.decisionDate as string,
            decisionNumber: (v.decisionNumber as string | null) ?? null,
            ceremonyDate: (v.ceremonyDate as string | null) ?? null,
            officialDate: (v.officialDate as string | null) ?? null,
            memberSince: (v.memberSince as string | null) ?? null,
            source: 'IMPORT',
          };
          const registered = decideRegistration(input, context.today);
          if (!file) {
            created.push({
              entry,
              change: recordChange(null, registered, {
                stamp: context.stamp,
                actor,
                organisationIds: tree.lineage(organisationId, context.today),
              }),
            });
            continue;
          }
          if (
            file.organisationId !== organisationId ||
            file.admission.decisionDate !== input.decisionDate ||
            (file.admission.officialDate ?? null) !== input.officialDate
          ) {
            throw new Refusal(
              IMPORT_RULES.placementDiffers,
              'The list and the member file differ on the organisation or the admission dates: change those with the lifecycle mutations (transfer, recognition)',
              ['organisationCode'],
            );
          }
          const profile = checkedProfile(
            { ...file.profile, ...input.profile, personalHistory: file.profile.personalHistory },
            context.today,
          );
          if (changedFields(file.profile, profile).length === 0) {
            counts.unchanged += 1;
            continue;
          }
          const decided = decideProfileChange(file, profile, {
            effectiveDate: context.today,
            today: context.today,
            reason: `Imported from ${doc.fileName}`,
          });
          await side.store(file, decided, actor, context);
          counts.updated += 1;
        } catch (error) {
          if (!isRefusal(error)) throw error;
          errors.push(refusalError(entry, error));
        }
      }
      const { duplicates } = await side.repository.insertMany(
        created.map((c) => c.change),
        context.today,
        context.stamp.time,
      );
      for (const index of duplicates) {
        const { entry } = created[index]!;
        errors.push({
          row: entry.row,
          column: headerOf('partyCardNumber'),
          value: entry.cells.get('partyCardNumber') ?? null,
          rule: RULES.partyCardTaken,
          message: 'Another file has this Party card number (written meanwhile)',
        });
      }
      counts.created += created.length - duplicates.length;
    });
    errors.sort((a, b) => a.row - b.row);
    return { counts, errors };
  }

  return {
    imports,

    /** Starts an import: refused as a whole when a required column is missing. */
    async start(
      fileName: string,
      format: string,
      headers: readonly string[],
      startedAt: Date,
      id: string,
    ): Promise<ImportDocument> {
      const { missing } = mapHeaders(headers);
      if (missing.length > 0) {
        throw new Refusal(
          IMPORT_RULES.missingColumn,
          `The list has no column ${missing.map((c) => `"${c.header}"`).join(', ')}`,
          ['headers'],
        );
      }
      const doc: ImportDocument = {
        _id: id,
        fileName,
        format,
        status: 'RUNNING',
        headers: [...headers],
        rows: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        rowErrors: [],
        startedAt,
        finishedAt: null,
      };
      await imports.collection.insertOne(doc as never);
      return doc;
    },

    /** Imports rows of a started import; `firstRow` is the file's row number of the first one. */
    async addRows(
      id: string,
      rows: readonly string[][],
      firstRow: number,
      last: boolean,
      actor: MemberFileActorV1,
      now: Date,
    ) {
      const doc = await imports.findById(id).lean<ImportDocument>();
      if (!doc) throw new Refusal(RULES.importNotFound, 'No import has the id given', ['importId']);
      const { counts, errors } = await importBatch(doc, rows, firstRow, actor);
      const room = Math.max(0, MAX_STORED_ERRORS - doc.rowErrors.length);
      await imports.collection.updateOne({ _id: id } as never, {
        $inc: {
          rows: rows.length,
          rejected: rows.length - counts.created - counts.updated - counts.unchanged,
          ...counts,
        },
        $set: {
          rowErrors: [...doc.rowErrors, ...errors.slice(0, room)],
          ...(last ? { status: 'FINISHED', finishedAt: now } : {}),
        },
      });
      return { import: (await imports.findById(id).lean<ImportDocument>())!, errors };
    },

    /** A whole file at once (the importMembers mutation): parsed, then imported in batches. */
    async importFile(
      input: { fileName: string; format?: string | null; content: Buffer },
      actor: MemberFileActorV1,
      id: string,
      now: Date,
    ) {
      const format = formatOf(input.fileName, input.format);
      const parsed = await parseFile(input.content, format);
      const started = await this.start(input.fileName, format, parsed.headers, now, id);
      let result = { import: started, errors: [] as ImportRowError[] };
      for (let i = 0; i === 0 || i < parsed.rows.length; i += IMPORT_BATCH) {
        const rows = parsed.rows.slice(i, i + IMPORT_BATCH);
        result = await this.addRows(id, rows, i + 2, i + IMPORT_BATCH >= parsed.rows.length, actor, now);
      }
      return result.import;
    },
  };
}

export type Importer = ReturnType<typeof createImporter>;
