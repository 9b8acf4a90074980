import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// The one way the e2e specs run axe. A client navigation swaps the document's <title> after
// the new page has painted (Next streams metadata), so a scan started the moment the page's
// content shows can catch the document between two titles: wait for the title first.
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  await expect(page).toHaveTitle(/\S/);
  // Violations only: axe skips collecting the passing nodes, which is most of a scan's time on a big page.
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  return violations.map((v) => `${where}: ${v.id} (${v.nodes.length}) ${v.help} ${v.nodes[0]?.target.join(" ") ?? ""}`.trimEnd());
}

export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page, where)).toEqual([]);
}
