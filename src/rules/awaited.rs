//! tree-sitter-typescript parses an awaited call with type arguments inside out:
//! `await repo.query<Row[]>(sql)` is a `call_expression` whose `function` is
//! `(await_expression (member_expression ...))`, where `await repo.query(sql)` is an
//! `await_expression` around the call (tree-sitter-typescript issue 282). Rules are written
//! against the usual shape, so for TypeScript each `function:` field of a `call_expression`
//! in a query also accepts its pattern wrapped in `await_expression`, with the same captures.

/// `source` with every `(call_expression ... function: X @c ...)` widened to
/// `function: [X @c (await_expression X @c)]`. Text that does not parse as expected is kept.
pub(super) fn widen(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len() * 2);
    // Node names of the open parentheses, to know which node a field belongs to.
    let mut open: Vec<&str> = Vec::new();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b';' => i = skip_comment(bytes, i),
            b'(' => {
                let start = i + 1;
                let end = name_end(bytes, start);
                open.push(&source[start..end]);
                i = end.max(start);
            }
            b')' => {
                open.pop();
                i += 1;
            }
            b'f' if source[i..].starts_with("function:")
                && (i == 0 || !is_name_byte(bytes[i - 1]))
                && open.last() == Some(&"call_expression") =>
            {
                let value_start = skip_space(bytes, i + "function:".len());
                let Some(value_end) = balanced_end(bytes, value_start) else {
                    i += 1;
                    continue;
                };
                let mut captures_end = value_end;
                loop {
                    let at = skip_space(bytes, captures_end);
                    if bytes.get(at) != Some(&b'@') {
                        break;
                    }
                    captures_end = name_end(bytes, at + 1);
                }
                let value = &source[value_start..value_end];
                if !awaitable(value) {
                    i = value_end;
                    continue;
                }
                let captures = source[value_end..captures_end].trim();
                out.push_str(&source[copied..value_start]);
                // An alternation is opened up, not nested: `[[a b] (await_expression ...)]`
                // is valid tree-sitter but the structural matcher takes only one level.
                let plain = if value.starts_with('[') {
                    branches(value)
                        .iter()
                        .map(|branch| format!("{branch} {captures}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                } else {
                    format!("{value} {captures}")
                };
                out.push_str(&format!("[{plain} (await_expression {value} {captures})]"));
                copied = captures_end;
                // A call inside the value (`f(x).header(...)`) keeps its one shape.
                i = captures_end;
            }
            _ => i += 1,
        }
    }
    out.push_str(&source[copied..]);
    out
}

/// Whether every node the value may be is an expression that `await` can hold (not
/// `(import)`, which the grammar does not allow there).
fn awaitable(value: &str) -> bool {
    const EXPRESSIONS: [&str; 7] = [
        "identifier",
        "member_expression",
        "subscript_expression",
        "call_expression",
        "parenthesized_expression",
        "non_null_expression",
        "_",
    ];
    let bytes = value.as_bytes();
    let top: Vec<&str> = if value.starts_with('[') {
        // The nodes directly inside the alternation.
        let mut names = Vec::new();
        let mut depth = 0usize;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    i = skip_string(bytes, i);
                    continue;
                }
                b'(' => {
                    depth += 1;
                    if depth == 1 {
                        names.push(&value[i + 1..name_end(bytes, i + 1)]);
                    }
                }
                b')' => depth = depth.saturating_sub(1),
                b'_' if depth == 0 => names.push("_"),
                _ => {}
            }
            i += 1;
        }
        names
    } else if value == "_" {
        vec!["_"]
    } else {
        vec![&value[1..name_end(bytes, 1)]]
    };
    !top.is_empty() && top.iter().all(|name| EXPRESSIONS.contains(name))
}

/// The branches of an alternation `[a @x (b) _]`, each with the captures written after it.
fn branches(value: &str) -> Vec<&str> {
    let bytes = value.as_bytes();
    let mut branches = Vec::new();
    let mut i = 1;
    let close = value.len().saturating_sub(1);
    while i < close {
        i = skip_space(bytes, i);
        if i >= close {
            break;
        }
        let start = i;
        let Some(mut end) = balanced_end(bytes, i) else {
            // A capture or quantifier between branches belongs to the one before it.
            i += 1;
            continue;
        };
        loop {
            let at = skip_space(bytes, end);
            match bytes.get(at) {
                // The alternation's closing `]` is not a name byte: the name stops there.
                Some(b'@') => end = name_end(bytes, at + 1),
                Some(b'?' | b'*' | b'+') => end = at + 1,
                _ => break,
            }
        }
        branches.push(&value[start..end]);
        i = end;
    }
    branches
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || byte == b'_'
        || byte == b'-'
        || byte == b'.'
        || byte == b'?'
        || byte == b'!'
}

/// Where the name (node kind, field or capture) starting at `start` ends.
fn name_end(bytes: &[u8], start: usize) -> usize {
    (start..bytes.len())
        .find(|at| !is_name_byte(bytes[*at]))
        .unwrap_or(bytes.len())
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

fn skip_comment(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    i
}

/// The end of the node pattern starting at `start`: `(...)`, `[...]` or `_`.
fn balanced_end(bytes: &[u8], start: usize) -> Option<usize> {
    match bytes.get(start)? {
        b'_' => Some(start + 1),
        b'(' | b'[' => {
            let mut depth = 0usize;
            let mut i = start;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i = skip_string(bytes, i);
                        continue;
                    }
                    b';' => {
                        i = skip_comment(bytes, i);
                        continue;
                    }
                    b'(' | b'[' => depth += 1,
                    b')' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::widen;

    #[test]
    fn a_call_function_also_matches_inside_await() {
        assert_eq!(
            widen(
                "(call_expression function: (member_expression property: (property_identifier) @m) arguments: (arguments . (_) @sink))"
            ),
            "(call_expression function: [(member_expression property: (property_identifier) @m)  (await_expression (member_expression property: (property_identifier) @m) )] arguments: (arguments . (_) @sink))"
        );
        assert_eq!(
            widen(
                "(call_expression\n  function: [(identifier) (member_expression)] @callee) @source"
            ),
            "(call_expression\n  function: [(identifier) @callee (member_expression) @callee (await_expression [(identifier) (member_expression)] @callee)]) @source"
        );
    }

    #[test]
    fn other_fields_strings_and_comments_are_kept() {
        let kept = [
            "(new_expression constructor: (identifier) @c)",
            "(decorator (call_expression arguments: (arguments)))",
            "(call_expression (#eq? @f \"function: (x)\")) ; function: (y)",
            "(assignment_expression right: (function_expression))",
            "(call_expression function: (import) arguments: (arguments . (_) @sink))",
            "(call_expression function: [(import) (identifier)] @f)",
        ];
        for query in kept {
            assert_eq!(widen(query), query);
        }
    }
}
