import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "opsdeck-demo";
export const DEMO = {
  admin: "admin@example.com",
  operator: "operator@example.com",
  viewer: "viewer@example.com",
} as const;
export type DemoRole = keyof typeof DEMO;

/** Signs in through the login form and waits to leave it. */
export async function signInWith(page: Page, email: string, password: string, callbackUrl = "/") {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export const signIn = (page: Page, role: DemoRole, callbackUrl = "/") => signInWith(page, DEMO[role], DEMO_PASSWORD, callbackUrl);

/** Collects CSP violations reported by the browser, from the console and from the DOM event. */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  page.on("pageerror", (err) => {
    if (/Content Security Policy/i.test(err.message)) violations.push(err.message);
  });
  return violations;
}
