import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

export interface ImportRowError {
  /** 1-based row of the file, the header being row 1. */
  row: number;
  column: string | null;
  value: string | null;
  rule: string;
  message: string;
}

export type ImportStatus = 'RUNNING' | 'FINISHED';

/** An import of a member list, its counts and (the first MAX_STORED_ERRORS of) its row errors. */
export interface ImportDocument {
  _id: string;
  fileName: string;
  format: string;
  status: ImportStatus;
  headers: string[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rowErrors: ImportRowError[];
  startedAt: Date;
  finishedAt: Date | null;
}

export const MAX_STORED_ERRORS = 1_000;

const importSchema = new Schema<ImportDocument>(
  {
    _id: { type: String, required: true },
    fileName: { type: String, required: true },
    format: { type: String, required: true },
    status: { type: String, required: true },
    headers: { type: [String], default: [] },
    rows: { type: Number, default: 0 },
    created: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    rejected: { type: Number, default: 0 },
    rowErrors: { type: Schema.Types.Mixed, default: [] },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'member_imports', versionKey: false, minimize: false, autoIndex: false, strict: 'throw' },
);

export type ImportModel = Model<ImportDocument>;

export function importModel(connection: Connection): ImportModel {
  return (
    (connection.models.MemberImport as ImportModel | undefined) ??
    connection.model<ImportDocument>('MemberImport', importSchema)
  );
}
