"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Throws while rendering once clicked; the message carries secret-shaped text the report must not. */
export function ClientErrorTrigger({ marker }: { marker: string }) {
  const [fail, setFail] = useState(false);
  if (fail) throw new Error(`e2e client failure ${marker} (password=hunter2-e2e token=opk_e2eSecretKey1234)`);
  return (
    <main className="mx-auto max-w-md p-6">
      <h1 className="text-xl font-semibold">Client error trigger</h1>
      <Button onClick={() => setFail(true)}>Throw</Button>
    </main>
  );
}
