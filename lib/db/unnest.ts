import { sql, type SQL } from "drizzle-orm";

export type UnnestColumn = [name: string, type: string, values: unknown[]];

/**
 * `unnest($1::int[], $2::text[], …) AS alias(a, b, …)`: a table of rows passed as one array
 * parameter per column, for one-statement bulk INSERT … SELECT and UPDATE … FROM.
 */
export function unnestTable(columns: UnnestColumn[], alias = "t"): SQL {
  const args = sql.join(
    columns.map(([, type, values]) => sql`${sql.param(values)}::${sql.raw(type)}[]`),
    sql`, `,
  );
  return sql`unnest(${args}) AS ${sql.raw(alias)}(${sql.raw(columns.map(([name]) => name).join(", "))})`;
}
