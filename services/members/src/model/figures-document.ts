import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { Counts } from '../domain/figure-keys';

/**
 * The statistics, maintained: each organisation's own counts (the members on its own list; a
 * subtree's are summed from the tree), as two kinds of documents:
 * - `<organisationId>` (kind `current`): every change ever applied summed, the years that have
 *   changes and the last date of any (figures on a later date are these counts as they are);
 * - `<organisationId>:<year>` (kind `year`): that year's changes by day (`days["MM-DD"]`) and summed
 *   (`total`), to take back what happened after a date.
 * `seq` holds, per member, the file version last applied to the document: a redelivered or
 * replayed change is recognised and applied once, in the same single-document write as the counts.
 */
export interface FiguresDocument {
  _id: string;
  kind: 'current' | 'year';
  organisationId: string;
  year: number | null;
  counts?: Counts;
  years?: number[];
  lastDate?: string | null;
  days?: Record<string, Counts>;
  total?: Counts;
  seq: Record<string, number>;
  version: number;
}

const figuresSchema = new Schema<FiguresDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['current', 'year'] },
    organisationId: { type: String, required: true },
    year: { type: Number, default: null },
    counts: { type: Schema.Types.Mixed },
    years: { type: [Number], default: undefined },
    lastDate: { type: String, default: null },
    days: { type: Schema.Types.Mixed },
    total: { type: Schema.Types.Mixed },
    seq: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true },
  },
  { collection: 'figures', versionKey: false, minimize: false, autoIndex: false },
);
figuresSchema.index({ kind: 1 });

export type FiguresModel = Model<FiguresDocument>;

export function figuresModel(connection: Connection): FiguresModel {
  return (
    (connection.models.Figures as FiguresModel | undefined) ??
    connection.model<FiguresDocument>('Figures', figuresSchema)
  );
}

export const currentId = (organisationId: string) => organisationId;
export const yearId = (organisationId: string, year: number) => `${organisationId}:${year}`;
