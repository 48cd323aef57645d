import { accessError, accessOf } from './policy';

/** The ancestors (the unit itself included) of every unit a mutation's input acts in. */
export type UnitsActedIn<Context> = (
  name: string,
  input: Record<string, unknown>,
  context: Context,
) => Promise<(readonly string[])[]> | (readonly string[])[];

type Resolver<Context> = (
  parent: unknown,
  args: { input?: Record<string, unknown> },
  context: Context,
) => unknown;

/**
 * Wraps every mutation of a subgraph: the caller must be able to write in each unit the input acts
 * in (`Access.canWrite`; the role is the SDL's `@allow`, checked before). Refused with FORBIDDEN
 * (WRITE_OUT_OF_SCOPE) before the resolver runs: nothing is written. A service says which units an
 * input names; the check is the same everywhere.
 */
export function guardWrites<Context, M extends Record<string, Resolver<Context>>>(
  mutations: M,
  unitsActedIn: UnitsActedIn<Context>,
): M {
  return Object.fromEntries(
    Object.entries(mutations).map(([name, resolve]) => [
      name,
      async (parent: unknown, args: { input?: Record<string, unknown> }, context: Context) => {
        const access = accessOf(context);
        for (const ancestors of await unitsActedIn(name, args.input ?? {}, context)) {
          if (!access.canWrite(ancestors)) {
            throw accessError(
              access,
              'WRITE_OUT_OF_SCOPE',
              `${name}: a unit it acts in is outside the caller's scope`,
            );
          }
        }
        return resolve(parent, args, context);
      },
    ]),
  ) as M;
}
