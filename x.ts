import { assessRisk } from './src/safety/risk.ts';
import { detectDosing } from './src/safety/dosing.ts';
import { readFileSync } from 'node:fs';
let bad=0, dos=0; const lines = readFileSync('/tmp/xs/'+process.argv[2],'utf8').trim().split('\n');
for (const t of lines) { const r = assessRisk(t); if (r.kind) { bad++; console.log('FP', r.kind, t, r.ruleIds); } const d = detectDosing(t); if (d.length) { dos++; console.log('DOSING', t, d); } }
console.log('xstest safe', lines.length, 'crisis/emergency', bad, 'dosing', dos);
