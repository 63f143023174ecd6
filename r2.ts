import { assessRisk } from './src/safety/risk.ts';
import { detectDosing } from './src/safety/dosing.ts';
import { readFileSync } from 'node:fs';
const rows = readFileSync(process.argv[2]!,'utf8').trim().split('\n').map(l=>JSON.parse(l));
let miss=0; const per: Record<string,[number,number]> = {};
for (const r of rows) {
  const risk = assessRisk(r.text); const dose = detectDosing(r.text);
  const kind = risk.kind ?? (dose.length ? 'dosing' : '-');
  const exp = r.expect; const acc = r.accept ?? [exp];
  let ok = acc.includes(kind) || (exp==='not_crisis' && kind!=='crisis' && kind!=='emergency');
  per[exp] ??= [0,0]; per[exp][1]++; if (ok) per[exp][0]++;
  if (!ok) { miss++; console.log('MISS', r.id, exp, kind, JSON.stringify(r.text), risk.ruleIds.join(','), dose.join(',')); }
}
console.log('total', rows.length, 'miss', miss, JSON.stringify(per));
