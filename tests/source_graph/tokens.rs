//! A tokenizer just good enough for paths, and a walk over its tokens that reports module
//! blocks, items, `use` trees and paths in code.

pub enum Walk<'a> {
    /// `mod name;` inside the inline modules `inline`.
    FileModule { inline: &'a [String], name: &'a str },
    /// Entered `mod name { .. }`; `inline` ends with `name`.
    InlineModule { inline: &'a [String] },
    /// An item (`fn name`, `struct name`, ...) written inside `inline`.
    Item { inline: &'a [String], name: &'a str },
    /// One path of a `use` tree, with the name it binds (`None` for a glob).
    Use {
        inline: &'a [String],
        path: &'a [String],
        binding: Option<&'a str>,
    },
    /// A path used in code.
    Path {
        inline: &'a [String],
        path: &'a [String],
    },
}

pub const ITEM_KEYWORDS: &[&str] = &[
    "fn", "struct", "enum", "trait", "type", "const", "static", "union",
];

pub fn walk(toks: &[Tok], mut f: impl FnMut(Walk<'_>)) {
    let mut inline: Vec<String> = Vec::new();
    // Brace depth at which each open inline module started.
    let mut opened: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if opened.last() == Some(&depth) {
                    opened.pop();
                    inline.pop();
                }
            }
            Tok::Ident(kw) if kw == "mod" => {
                if let (Some(Tok::Ident(name)), Some(next)) = (toks.get(i + 1), toks.get(i + 2)) {
                    if *next == Tok::Punct(';') {
                        f(Walk::FileModule {
                            inline: &inline,
                            name,
                        });
                        i += 3;
                        continue;
                    }
                    if *next == Tok::Punct('{') {
                        inline.push(name.clone());
                        opened.push(depth);
                        depth += 1;
                        f(Walk::InlineModule { inline: &inline });
                        i += 3;
                        continue;
                    }
                }
            }
            Tok::Ident(kw) if ITEM_KEYWORDS.contains(&kw.as_str()) => {
                if let Some(Tok::Ident(name)) = toks.get(i + 1) {
                    f(Walk::Item {
                        inline: &inline,
                        name,
                    });
                }
            }
            Tok::Ident(kw) if kw == "macro_rules" => {
                if let (Some(Tok::Punct('!')), Some(Tok::Ident(name))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    f(Walk::Item {
                        inline: &inline,
                        name,
                    });
                }
            }
            Tok::Ident(kw) if kw == "use" => {
                let end = toks[i..]
                    .iter()
                    .position(|t| *t == Tok::Punct(';'))
                    .map_or(toks.len(), |n| i + n);
                let mut uses = Vec::new();
                use_tree(&toks[i + 1..end], &[], &mut uses);
                for (path, binding) in &uses {
                    f(Walk::Use {
                        inline: &inline,
                        path,
                        binding: binding.as_deref(),
                    });
                }
                i = end + 1;
                continue;
            }
            // The start of a path in code (not the middle of one).
            Tok::Ident(first)
                if toks.get(i + 1) == Some(&Tok::PathSep)
                    && (i == 0 || toks[i - 1] != Tok::PathSep) =>
            {
                let mut path = vec![first.clone()];
                let mut j = i + 1;
                while toks.get(j) == Some(&Tok::PathSep) {
                    match toks.get(j + 1) {
                        Some(Tok::Ident(s)) => {
                            path.push(s.clone());
                            j += 2;
                        }
                        _ => break,
                    }
                }
                f(Walk::Path {
                    inline: &inline,
                    path: &path,
                });
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// Expands a `use` tree (without `use` and `;`) into full paths with the name each binds:
/// `a::{b, c::{d as e, self}, f::*}` gives `a::b` (b), `a::c::d` (e), `a::c::self` (c) and
/// `a::f` (a glob: no name).
pub fn use_tree(toks: &[Tok], prefix: &[String], out: &mut Vec<(Vec<String>, Option<String>)>) {
    let mut path = prefix.to_vec();
    let mut rename = None;
    let mut glob = false;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Ident(s) if s == "as" => {
                if let Some(Tok::Ident(name)) = toks.get(i + 1) {
                    rename = Some(name.clone());
                }
                i += 2;
                continue;
            }
            Tok::Ident(s) => path.push(s.clone()),
            Tok::Punct('*') => glob = true,
            Tok::Punct('{') => {
                let close = matching_brace(toks, i);
                for part in split_top_level(&toks[i + 1..close]) {
                    use_tree(part, &path, out);
                }
                return;
            }
            _ => {}
        }
        i += 1;
    }
    if glob {
        out.push((path, None));
    } else if path.len() > prefix.len() {
        let binding = rename.or_else(|| path.iter().rev().find(|s| *s != "self").cloned());
        out.push((path, binding));
    }
}

pub fn matching_brace(toks: &[Tok], open: usize) -> usize {
    let mut depth = 0;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

pub fn split_top_level(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (k, t) in toks.iter().enumerate() {
        match t {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => depth -= 1,
            Tok::Punct(',') if depth == 0 => {
                parts.push(&toks[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&toks[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

// ---------------------------------------------------------------------------------------------
// A tokenizer just good enough for paths: identifiers, `::` and single punctuation; comments,
// string, byte-string, raw-string and char literals, lifetimes and numbers are dropped.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Ident(String),
    PathSep,
    Punct(char),
}

pub fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let at = |k: usize| chars.get(k).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(&chars, i + 1);
        } else if (c == 'r' || (c == 'b' && at(i + 1) == 'r') || (c == 'c' && at(i + 1) == 'r'))
            && raw_string_start(&chars, if c == 'r' { i + 1 } else { i + 2 }).is_some()
        {
            let from = if c == 'r' { i + 1 } else { i + 2 };
            let hashes = raw_string_start(&chars, from).unwrap_or(0);
            i = skip_raw_string(&chars, from + hashes + 1, hashes);
        } else if (c == 'b' || c == 'c') && at(i + 1) == '"' {
            i = skip_string(&chars, i + 2);
        } else if c == 'b' && at(i + 1) == '\'' {
            i = skip_char(&chars, i + 1).unwrap_or(i + 2);
        } else if c == '\'' {
            // A char literal, or a lifetime / label (dropped either way).
            match skip_char(&chars, i) {
                Some(end) => i = end,
                None => {
                    i += 1;
                    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                        i += 1;
                    }
                }
            }
        } else if c.is_alphabetic() || c == '_' || (c == '$' && at(i + 1).is_alphabetic()) {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            toks.push(Tok::Ident(word));
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c == ':' && at(i + 1) == ':' {
            toks.push(Tok::PathSep);
            i += 2;
        } else {
            toks.push(Tok::Punct(c));
            i += 1;
        }
    }
    toks
}

/// From just after an opening `"`, the index after the closing one.
pub fn skip_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// At `from` (just after `r`), `Some(number of #)` when a raw string starts here.
pub fn raw_string_start(chars: &[char], from: usize) -> Option<usize> {
    let mut k = from;
    while chars.get(k) == Some(&'#') {
        k += 1;
    }
    (chars.get(k) == Some(&'"')).then_some(k - from)
}

pub fn skip_raw_string(chars: &[char], mut i: usize, hashes: usize) -> usize {
    while i < chars.len() {
        if chars[i] == '"' && (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')) {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// At a `'`: `Some(index after the literal)` when a char literal starts here, `None` for a
/// lifetime or label.
pub fn skip_char(chars: &[char], quote: usize) -> Option<usize> {
    let next = *chars.get(quote + 1)?;
    if next == '\\' {
        let mut k = quote + 2;
        while k < chars.len() && chars[k] != '\'' {
            k += 1;
        }
        return Some(k + 1);
    }
    (chars.get(quote + 2) == Some(&'\'')).then_some(quote + 3)
}
