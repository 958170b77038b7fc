const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

export interface PromqlNames {
  metrics: string[];
  labels: string[];
}

/**
 * The metric and label names a PromQL expression refers to: enough of PromQL for dashboards (selectors,
 * functions, aggregations with by/without), not a full parser.
 */
export function promqlNames(expr: string): PromqlNames {
  const labels: string[] = [];
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const [, inside] of withoutStrings.matchAll(/\{([^}]*)\}/g)) {
    for (const [, label] of inside.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) labels.push(label);
  }
  for (const [, list] of withoutStrings.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)) {
    labels.push(...list.split(',').map((label) => label.trim()).filter(Boolean));
  }
  const bare = withoutStrings
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const metrics = [...bare.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:]|\s*\()/g)]
    .map(([, name]) => name)
    .filter((name) => !KEYWORDS.has(name.toLowerCase()));
  return { metrics: [...new Set(metrics)], labels: [...new Set(labels)] };
}
