/** The series names a Prometheus text exposition makes queryable: each family, plus a histogram's or summary's parts. */
export function exposedMetricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(name + suffix));
    if (type === 'summary') ['_sum', '_count'].forEach((suffix) => names.add(name + suffix));
  }
  return names;
}

/** The value of one sample, e.g. `sampleValue(text, 'imgpro_jobs_total{queue="ingest",name="ingest",outcome="completed"}')`. */
export function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The label names each sample name carries (e.g. `imgpro_jobs_total` → queue, name, outcome). */
export function exposedLabels(text: string): Map<string, Set<string>> {
  const labels = new Map<string, Set<string>>();
  for (const [, name, inside] of text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} \S+$/gm)) {
    if (!labels.has(name)) labels.set(name, new Set());
    for (const [, label] of inside.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"/g)) labels.get(name)!.add(label);
  }
  return labels;
}
