import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listApiKeysFor } from "@/lib/api-keys/list";
import { hasRole, type AccessContext } from "@/lib/auth/principal";
import { KeysTable } from "./keys-table";

/** The keys the caller manages (an operator: keys bound to a project). */
export async function KeysList({ access, highlight }: { access: AccessContext; highlight?: string }) {
  const keys = await listApiKeysFor(access);
  const admin = hasRole(access.principal, "admin");
  const active = keys.filter((k) => k.state === "active").length;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Keys</CardTitle>
        <CardDescription>
          {active} active of {keys.length}
          {admin ? "" : " · operators see and manage keys bound to a project"}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <KeysTable keys={keys} showHistory={admin} highlightId={highlight} />
      </CardContent>
    </Card>
  );
}
