#!/usr/bin/env node
// Checks that the repository's Markdown links stay inside the repository and lead somewhere: every
// relative link names a file or folder that exists (and, for a Markdown page, a heading that
// exists), and none climbs out of the repository. Web links (http, https, mailto) are not fetched.
// Run by `npm run lint` (turbo root task //#links:check).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Markdown files git knows of (tracked or new, not ignored), so node_modules and dist never count. */
function markdownFiles() {
  const output = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "*.md"], {
    cwd: root,
    encoding: "utf8",
  });
  return output
    .split("\0")
    .filter(Boolean)
    .filter((file) => existsSync(path.join(root, file)));
}

/** The text outside fenced code blocks. */
function withoutCodeBlocks(markdown) {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** The text outside code blocks and inline code, where links are links. */
function proseOf(markdown) {
  return withoutCodeBlocks(markdown).replace(/`[^`\n]*`/g, "");
}

/** Link targets: inline `[text](target "title")`, images, and reference definitions `[x]: target`. */
function linkTargets(markdown) {
  const prose = proseOf(markdown);
  const targets = [];
  for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]);
  for (const match of prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) targets.push(match[1]);
  return targets;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  for (const match of withoutCodeBlocks(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = match[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/<[^>]+>/g, "");
    const slug = text
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

export function brokenLinks(files = markdownFiles()) {
  const problems = [];
  const anchorCache = new Map();
  const anchorsIn = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(file, "utf8")));
    return anchorCache.get(file);
  };
  for (const file of files) {
    const absolute = path.join(root, file);
    for (const target of linkTargets(readFileSync(absolute, "utf8"))) {
      if (/^(https?:|mailto:)/i.test(target)) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        problems.push(`${file}: ${target} — only web links and links inside the repository`);
        continue;
      }
      const [pathPart, anchor] = target.split("#", 2);
      const resolved = pathPart === "" ? absolute : path.resolve(path.dirname(absolute), decodeURI(pathPart));
      if (pathPart.startsWith("/") || path.relative(root, resolved).startsWith("..")) {
        problems.push(`${file}: ${target} — leaves the repository`);
        continue;
      }
      if (!existsSync(resolved)) {
        problems.push(`${file}: ${target} — no such file`);
        continue;
      }
      if (anchor && resolved.endsWith(".md") && statSync(resolved).isFile() && !anchorsIn(resolved).has(anchor)) {
        problems.push(`${file}: ${target} — no heading #${anchor} in ${path.relative(root, resolved)}`);
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = brokenLinks();
  if (problems.length > 0) {
    console.error(`Broken or outward links (${problems.length}):\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log("links: every Markdown link stays in the repository and leads somewhere");
}
