// Reads rendered Kubernetes manifests (multi-document YAML) on stdin, validates each against the Kubernetes
// (kubernetes-models) or prometheus-operator (@kubernetes-models/prometheus-operator) schema of its
// apiVersion and kind, and prints {"documents": [...], "problems": [...]} as JSON for the tests to assert on.
// The packages are found in SCORE_EXPORTER_NODE_TOOLS (default: the working directory), i.e. <repo>/.tools/node
// where .ci/setup.d/30-helm.sh installs them.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const toolsDir = process.env.SCORE_EXPORTER_NODE_TOOLS ?? process.cwd();
const require = createRequire(path.join(toolsDir, "package.json"));
const { parseAllDocuments } = require("yaml");
// The model packages export ES modules only, one folder per group/version.
const resolve = (specifier) => import(pathToFileURL(path.join(toolsDir, "node_modules", specifier, "index.js")).href);

// apiVersion -> module holding that group/version's models.
function modulesFor(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "monitoring.coreos.com") {
    return `@kubernetes-models/prometheus-operator/${group}/${version}`;
  }
  return group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
}

const input = await new Promise((done) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => done(text));
});

const documents = [];
const problems = [];
// YAML 1.1, as Kubernetes reads manifests: 0440 is octal, yes/no are booleans.
for (const parsed of parseAllDocuments(input, { version: "1.1" })) {
  if (parsed.errors.length > 0) {
    problems.push(`YAML: ${parsed.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const manifest = parsed.toJS();
  if (manifest === null || manifest === undefined) {
    continue;
  }
  documents.push(manifest);
  const where = `${manifest.kind ?? "?"}/${manifest.metadata?.name ?? "?"}`;
  if (typeof manifest.apiVersion !== "string" || typeof manifest.kind !== "string") {
    problems.push(`${where}: apiVersion and kind are required`);
    continue;
  }
  let models;
  try {
    models = await resolve(modulesFor(manifest.apiVersion));
  } catch {
    problems.push(`${where}: no schema known for apiVersion ${manifest.apiVersion}`);
    continue;
  }
  const Model = models[manifest.kind];
  if (typeof Model !== "function") {
    problems.push(`${where}: no schema known for kind ${manifest.kind} in ${manifest.apiVersion}`);
    continue;
  }
  try {
    new Model(manifest).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}

process.stdout.write(JSON.stringify({ documents, problems }));
