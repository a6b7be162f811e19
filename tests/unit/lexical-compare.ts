/**
 * Drops list item `value`s, which Lexical recomputes on every update. The builders in
 * src/shared/lexical/build.ts count the wrapper item of a nested list as a number; Lexical's own
 * export does not, so documents made by the builders differ from Lexical's only there.
 */
export function withoutListValues<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'value' && typeof v === 'number' ? undefined : v)) as T;
}
