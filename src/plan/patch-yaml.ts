/**
 * A variant patch as YAML a user can paste under `variants:` as is: one dotted path per line,
 * plain scalars where YAML reads them back unchanged, quoted otherwise.
 */

export function patchYaml(name: string, patch: Readonly<Record<string, unknown>>, indent = ''): string {
  const lines = [`${indent}variants:`, `${indent}  ${scalar(name)}:`];
  for (const [path, value] of Object.entries(patch)) lines.push(`${indent}    ${scalar(path)}: ${yamlValue(value)}`);
  return lines.join('\n');
}

/** One line: `{pools.api.instance: c7g.large, pools.api.count: 12}`. */
export function patchFlow(patch: Readonly<Record<string, unknown>>): string {
  return yamlValue(patch);
}

function yamlValue(v: unknown): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${scalar(k)}: ${yamlValue(x)}`)
      .join(', ')}}`;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '.nan';
  if (typeof v === 'string') return scalar(v);
  return JSON.stringify(v);
}

/** Plain when YAML can only read it back as this string (not a number, bool or null); JSON-quoted otherwise. */
function scalar(s: string): string {
  const plain =
    /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(s) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s) &&
    !/^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}
