import type { Role } from "../db/schema";

// The published demo sign-ins (README, `npm run demo`). Anyone can read them, which is why
// a production start refuses to run while they still work (see ./guard.ts).

export const DEMO_PASSWORD = "opsdeck-demo";

export const DEMO_USERS: readonly { email: string; role: Role; name: string }[] = [
  { email: "admin@example.com", role: "admin", name: "Ada Admin" },
  { email: "operator@example.com", role: "operator", name: "Oscar Operator" },
  { email: "viewer@example.com", role: "viewer", name: "Vera Viewer" },
];
