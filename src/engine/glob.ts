/**
 * Small glob matchers. Resource addresses contain `[`, `]` and quotes (`module.aks.azurerm_role_assignment.acr["main"]`),
 * so address globs know only `*` (any run of characters, dots included) and `?` (one character);
 * everything else is literal. File globs are the usual `**` / `*` / `?` over `/`-separated paths.
 */

const cache = new Map<string, RegExp>();

function escape(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

/** Whether a pattern uses glob characters at all. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** `*` matches any characters, `?` one; the rest is literal. Used for rule ids and resource addresses. */
export function matchesAddressGlob(pattern: string, value: string): boolean {
  if (!isGlob(pattern)) return pattern === value;
  const key = `a\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    let source = '';
    for (const char of pattern) source += char === '*' ? '.*' : char === '?' ? '.' : escape(char);
    re = new RegExp(`^${source}$`, 's');
    cache.set(key, re);
  }
  return re.test(value);
}

/** Path globs: `**` crosses folders, `*` and `?` stay within one path segment. Paths use `/`. */
export function matchesPathGlob(pattern: string, path: string): boolean {
  const key = `p\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    let source = '';
    for (let i = 0; i < pattern.length; i += 1) {
      const char = pattern[i]!;
      if (char === '*' && pattern[i + 1] === '*') {
        // "**/" also matches zero folders
        if (pattern[i + 2] === '/') {
          source += '(?:.*/)?';
          i += 2;
        } else {
          source += '.*';
          i += 1;
        }
      } else if (char === '*') {
        source += '[^/]*';
      } else if (char === '?') {
        source += '[^/]';
      } else {
        source += escape(char);
      }
    }
    // A pattern without a folder part matches the file name anywhere (like .gitignore).
    re = new RegExp(pattern.includes('/') ? `^(?:\\./)?${source}$` : `(?:^|/)${source}$`);
    cache.set(key, re);
  }
  return re.test(path.replace(/\\/g, '/'));
}
