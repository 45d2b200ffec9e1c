import { randomUUID } from "node:crypto";
import { DEFAULT_ORG } from "./packages/core/src/config.js";
import { DEMO_DATA } from "./packages/core/src/documents/demo.js";
import { renderAndSign } from "./packages/core/src/documents/pipeline.js";
import { KeySigner } from "./packages/core/src/documents/signer/key-signer.js";
import { generateSelfSigned } from "./packages/core/src/documents/signer/self-signed.js";
const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
const signer = new KeySigner(privateKey, certificateDer);
const wall: number[] = []; const cpu: number[] = [];
for (let i = 0; i < 205; i++) {
  const id = randomUUID();
  const t = performance.now(); const c = process.cpuUsage();
  await renderAndSign("consent", DEMO_DATA.consent, { documentId: id, number: "1", date: "2026-11-25", verifyUrl: "http://localhost:3000/verify/" + id }, signer, DEFAULT_ORG);
  const cu = process.cpuUsage(c);
  if (i >= 5) { wall.push(performance.now() - t); cpu.push((cu.user + cu.system) / 1000); }
}
wall.sort((a, b) => a - b); cpu.sort((a, b) => a - b);
console.log("wall median", wall[100]!.toFixed(1), "min", wall[0]!.toFixed(1), "| cpu median", cpu[100]!.toFixed(1), "min", cpu[0]!.toFixed(1));
