import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Db } from './schema.js';

/** Stands for a value in a query built once; replaced by the real value at each run. */
class Placeholder {
  constructor(readonly name: string) {}
}

const PLACEHOLDERS = new Proxy(
  {},
  { get: (_target, name) => new Placeholder(String(name)) },
) as Record<string, unknown>;

interface Compiled {
  query: CompiledQuery;
  /** For each parameter: the name of the value it takes, or null for a constant kept as built. */
  names: ReadonlyArray<string | null>;
}

/** A query built by Kysely once per dialect and run with new values each time. */
export interface Prepared<P, O> {
  /** Every row. */
  all(db: Db, params: P): Promise<O[]>;
  /** The first row, or undefined. */
  first(db: Db, params: P): Promise<O | undefined>;
  /** For writes: how many rows changed. */
  run(db: Db, params: P): Promise<number>;
}

/**
 * Building and compiling a query with Kysely costs about 20-30 µs, several times what SQLite
 * then spends running it; a write touches five or six queries. So each query is built once
 * per dialect, with placeholders for its values (`params.id` below is a placeholder while
 * building), and each run swaps the real values into the compiled parameters and hands the
 * result to Kysely to execute: the SQL, the dialect and the inferred row type are still
 * Kysely's. Only values may vary between runs, not the query's shape: a query whose shape
 * depends on its input is written with the builder directly.
 *
 *   const byId = prepared((db, p: { id: number }) =>
 *     db.selectFrom('comments').select(['id', 'body']).where('id', '=', p.id));
 *   const row = await byId.first(tx, { id: 7 }); // { id: number; body: string } | undefined
 */
export function prepared<P extends object, O>(
  build: (db: Db, params: P) => Compilable<O>,
): Prepared<P, O> {
  // Keyed by the dialect's adapter, which a database and its transactions share.
  const compiled = new WeakMap<object, Compiled>();
  const compile = (db: Db): Compiled => {
    const adapter = db.getExecutor().adapter;
    let entry = compiled.get(adapter);
    if (!entry) {
      const query = build(db, PLACEHOLDERS as P).compile();
      const names = query.parameters.map((value) =>
        value instanceof Placeholder ? value.name : null,
      );
      compiled.set(adapter, (entry = { query, names }));
    }
    return entry;
  };
  const execute = (db: Db, params: P): Promise<QueryResult<O>> => {
    const { query, names } = compile(db);
    const values = params as Record<string, unknown>;
    const parameters = names.map((name, index) =>
      name === null ? query.parameters[index] : values[name],
    );
    return db.executeQuery<O>({ ...query, parameters } as CompiledQuery<O>);
  };
  return {
    all: async (db, params) => (await execute(db, params)).rows,
    first: async (db, params) => (await execute(db, params)).rows[0],
    run: async (db, params) => {
      const result = await execute(db, params);
      return Number(result.numAffectedRows ?? 0n);
    },
  };
}
