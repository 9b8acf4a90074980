import { describe, expect, it } from "vitest";
import { buttonClasses } from "@/components/ui/button";
import { cn, cx } from "@/lib/ui/cn";

describe("cn", () => {
  it("lets a caller's utility win over the component's own of the same kind", () => {
    expect(cn("h-8 px-3 text-xs", "h-7 px-2")).toBe("text-xs h-7 px-2");
    expect(cn("rounded-lg border", false, undefined, "border-destructive")).toBe("rounded-lg border border-destructive");
  });
  it("returns one part alone as it is, without merging", () => {
    expect(cn("rounded-lg border bg-card", undefined, null, false)).toBe("rounded-lg border bg-card");
  });
  it("cx only joins", () => {
    expect(cx("flex", false && "hidden", "gap-2")).toBe("flex gap-2");
  });
  it("a button's own parts never conflict: joined and merged give the same classes", () => {
    for (const variant of ["default", "secondary", "destructive", "ghost", "outline"] as const) {
      for (const size of ["xs", "sm", "md", "lg", "icon"] as const) {
        const joined = buttonClasses({ variant, size });
        expect(cn(joined, "x-marker").replace(" x-marker", ""), `${variant} ${size}`).toBe(joined);
      }
    }
  });
});
