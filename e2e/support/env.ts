// Where the e2e server lives; overridable so two e2e runs (or a run beside a developer's) don't collide.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? ".data/e2e";
