import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";

const AXE = readFileSync(join(process.cwd(), "node_modules/axe-core/axe.min.js"), "utf8");

/**
 * axe-core's serious and critical findings on the page (WCAG 2.1 A/AA rules and best practices),
 * one line each. Needs a context with `bypassCSP: true`: axe is injected as a script.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const options = {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  };
  const result = (await page.evaluate(`axe.run(${JSON.stringify(options)})`)) as {
    violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
