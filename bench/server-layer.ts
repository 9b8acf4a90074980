import { register } from "node:module";

// Route handlers run in Next's server layer, where React is its react-server build (the
// `--conditions=react-server` of `npm run bench`) and Next aliases next/navigation to its
// server-safe half. Plain Node has no such alias, and the client half calls
// React.createContext, which the server build lacks; this resolve hook adds the alias.
// Modules that reach next/navigation must be imported after registerServerLayer().
const hook = `
export async function resolve(specifier, context, next) {
  if (specifier === "next/navigation") return next("next/dist/client/components/navigation.react-server.js", context);
  return next(specifier, context);
}`;

export function registerServerLayer(): void {
  register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
}
