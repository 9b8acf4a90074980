// Client-side reads of the v1 API with the browser's session cookie (the pipeline accepts
// a session as well as an API key). A problem+json answer becomes an Error with its detail.

export async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { detail?: string } | null;
    throw new Error(problem?.detail ?? `The server answered ${res.status}`);
  }
  return (await res.json()) as T;
}
