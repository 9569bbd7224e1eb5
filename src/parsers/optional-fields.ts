/** Small object helper shared by parsers that build results from optional sources. */

/** The object without its undefined members, so results compare and print cleanly. */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
