import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The house's dependency rules (README, "Layout"): lib/ never reaches up into app/ or
// components/, and the domain never depends on the HTTP layer (lib/http is a transport;
// the request's context lives in lib/request, which both sides import).
const upward = { group: ["@/app/*", "@/components/*", "**/app/*", "**/components/*"], message: "lib/ must not import from app/ or components/." };
const http = { group: ["@/lib/http/*", "../http/*", "../../http/*"], message: "Domain modules must not import the HTTP layer; take an AccessContext and throw domain errors (lib/errors.ts)." };

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".data/**", "node_modules/**", "drizzle/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  { files: ["lib/**/*.ts", "lib/**/*.tsx"], rules: { "no-restricted-imports": ["error", { patterns: [upward] }] } },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/http/**", "lib/actions/**", "lib/openapi/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [upward, http] }] },
  },
  // Links go through components/ui/link (no prefetch unless asked for).
  {
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    ignores: ["components/ui/link.tsx"],
    rules: { "no-restricted-imports": ["error", { paths: [{ name: "next/link", message: "Use { Link } from @/components/ui/link: it does not prefetch unless asked to." }] }] },
  },
  // Logs go through lib/log (pino, redaction configured once); command output through scripts/lib/output.ts.
  { files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "scripts/**/*.ts", "components/**/*.{ts,tsx}", "proxy.ts", "instrumentation*.ts"], rules: { "no-console": "error" } },
];
export default config;
