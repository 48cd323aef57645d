import { stringify } from 'yaml';
import { buildAsyncApiDocument } from './document';

export const GENERATED_HEADER =
  '# Generated from src/ by `npm run asyncapi --workspace @dangvien/contracts`. Do not edit: change the code and regenerate.\n';

/** The text of asyncapi.yaml. Deterministic: the same code always gives the same bytes. */
export function renderAsyncApiYaml(): string {
  return (
    GENERATED_HEADER +
    stringify(buildAsyncApiDocument(), {
      lineWidth: 0,
      aliasDuplicateObjects: false,
      singleQuote: true,
      // Quote anything a YAML 1.1 reader (js-yaml, used by the AsyncAPI tools) would turn into a date, a
      // boolean or a number, e.g. the example ce_time.
      schema: 'yaml-1.1',
    })
  );
}
