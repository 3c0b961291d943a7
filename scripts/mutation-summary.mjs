#!/usr/bin/env node
/**
 * Summarizes StrykerJS JSON reports (docs/mutation.md):
 *   node scripts/mutation-summary.mjs reports/mutation/paths/mutation.json [reports/mutation/scenarios/mutation.json]
 * prints each report's counts and score and, for two reports of the same
 * mutants, the score of both test sets together: a mutant is detected when
 * either detects it, as one jest run of all the tests would.
 */
import { readFileSync } from 'node:fs';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function load(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const mutants = new Map();
  for (const [name, entry] of Object.entries(report.files)) {
    for (const m of entry.mutants) {
      const { start, end } = m.location;
      const key = `${name}:${start.line}:${start.column}-${end.line}:${end.column} ${m.mutatorName} ${m.replacement ?? ''}`;
      mutants.set(key, { file: name, status: m.status, source: entry.source });
    }
  }
  return mutants;
}

function summary(label, statuses) {
  const count = (status) => statuses.filter((s) => s === status).length;
  const detected = statuses.filter((s) => DETECTED.has(s)).length;
  const valid = statuses.filter((s) => DETECTED.has(s) || UNDETECTED.has(s)).length;
  const covered = valid - count('NoCoverage');
  const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(2)} %`);
  console.log(
    `${label}: ${statuses.length} mutants, killed ${count('Killed')}, timeout ${count('Timeout')}, ` +
      `survived ${count('Survived')}, no coverage ${count('NoCoverage')}` +
      `${valid < statuses.length ? `, other ${statuses.length - valid}` : ''}; ` +
      `score ${pct(detected, valid)}, of covered ${pct(detected, covered)}; ` +
      // A timeout is not a detected bug (issue 16): the score of the kills alone.
      `killed alone ${pct(count('Killed'), valid)}`,
  );
}

const files = process.argv.slice(2);
if (files.length === 0 || files.length > 2) {
  console.error('usage: mutation-summary.mjs REPORT.json [OTHER.json]');
  process.exit(2);
}
const reports = files.map(load);
files.forEach((file, i) =>
  summary(
    file,
    [...reports[i].values()].map((m) => m.status),
  ),
);
if (reports.length === 2) {
  const [a, b] = reports;
  const same = a.size === b.size && [...a].every(([key, m]) => b.get(key)?.source === m.source);
  if (!same) {
    console.error('the two reports are not of the same mutants (sources or mutants differ)');
    process.exit(1);
  }
  const union = [...a].map(([key, m]) => {
    const other = b.get(key).status;
    if (DETECTED.has(m.status)) return m.status;
    if (DETECTED.has(other)) return other;
    return m.status === 'Survived' || other === 'Survived' ? 'Survived' : m.status;
  });
  summary('both together', union);
}
