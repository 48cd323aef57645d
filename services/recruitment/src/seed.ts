import type { Repository } from './model/repository';

type Execute = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

/** Demo data, created through the public API (filled in below). */
export async function seedDemo(_execute: Execute, _repository: Repository): Promise<{ candidates: number }> {
  return { candidates: 0 };
}
