/**
 * Escaping for HTML and SVG text and attribute values. Every string that came from a scenario
 * (names, descriptions, labels) goes through here before it is written into markup, so a
 * workload called `<script>` is shown, never run.
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
