/** How long an excerpt may be, in characters (before the ellipsis). */
export const EXCERPT_LENGTH = 200;

/**
 * The start of a markdown description as plain text: what a search hit shows. Strips the common
 * markdown (headings, emphasis, code, links and images, lists, quotes, tables, html tags), joins
 * the lines, and cuts at a word boundary with an ellipsis when longer than `max`.
 */
export function excerptOf(markdown: string, max: number = EXCERPT_LENGTH): string {
  const text = markdown
    .replace(/```[\s\S]*?(```|$)/g, " ") // fenced code blocks
    .replace(/<[^>]+>/g, " ") // html tags
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1") // images: their alt text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links: their text
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1") // reference links
    .replace(/^\s{0,3}\[[^\]]+\]:\s*\S+.*$/gm, " ") // link definitions
    .replace(/^\s{0,3}#{1,6}\s+/gm, "") // headings
    .replace(/^\s{0,3}>\s?/gm, "") // quotes
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, "") // list markers
    .replace(/^\s*(?:[-*_]\s*){3,}$/gm, " ") // rules
    .replace(/^\s*\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*$/gm, " ") // table separators
    .replace(/\|/g, " ")
    .replace(/`([^`]*)`/g, "$1") // inline code
    .replace(/(\*\*|__)(.+?)\1/g, "$2") // bold
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, "$1$2") // italics
    .replace(/~~(.+?)~~/g, "$1") // strike-through
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : text.slice(0, max)).replace(/[\s,;:.!?-]+$/, "")}…`;
}
