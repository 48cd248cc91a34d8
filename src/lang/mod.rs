//! Languages: which grammar parses a file, chosen by extension, shebang or LSP languageId.
//!
//! No IO: callers pass the path and the first line. The only module that names grammar
//! crates. Files of no known language are still "text": the secret rules run on them.

use std::fmt;
use std::path::Path;

/// A node kind that spells a name with its package (see [`Language::qualified_forms`]).
#[derive(Debug, Clone, Copy)]
pub struct QualifiedForm {
    /// The kind of the simple name: `identifier`.
    pub simple: &'static str,
    /// The kind of its qualified spelling: `field_access`, `attribute`.
    pub qualified: &'static str,
    /// The field of its parent the name must be in for the qualified spelling to count.
    pub field: Option<&'static str>,
}

/// A language codeward parses with tree-sitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    Python,
    /// JavaScript, including JSX.
    JavaScript,
    TypeScript,
    /// TypeScript with JSX.
    Tsx,
    Java,
    Go,
}

impl Language {
    pub const ALL: [Language; 6] = [
        Language::Python,
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Java,
        Language::Go,
    ];

    /// The tree-sitter grammar.
    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
        }
    }

    /// Node kinds that spell a name with its package, each with the kind of the simple
    /// name it stands for: a pattern that names a class as `(identifier)` or
    /// `(type_identifier)` matches it written `java.security.MessageDigest` too, and a
    /// receiver named `request` matches Python's `flask.request` after `import flask`
    /// (only as a receiver: `re.compile` is not the built-in `compile`).
    pub fn qualified_forms(self) -> &'static [QualifiedForm] {
        const fn form(
            simple: &'static str,
            qualified: &'static str,
            field: Option<&'static str>,
        ) -> QualifiedForm {
            QualifiedForm {
                simple,
                qualified,
                field,
            }
        }
        const JAVA: &[QualifiedForm] = &[
            form("identifier", "field_access", None),
            form("identifier", "scoped_identifier", None),
            form("type_identifier", "scoped_type_identifier", None),
        ];
        const PYTHON: &[QualifiedForm] = &[form("identifier", "attribute", Some("object"))];
        match self {
            Language::Java => JAVA,
            Language::Python => PYTHON,
            _ => &[],
        }
    }

    /// The name rule files use in `languages:`. TSX rules are TypeScript rules.
    pub fn rule_name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::TypeScript | Language::Tsx => "typescript",
            Language::Java => "java",
            Language::Go => "go",
        }
    }

    /// The grammars a `languages:` entry of a rule file stands for.
    pub fn from_rule_name(name: &str) -> Option<&'static [Language]> {
        Some(match name {
            "python" => &[Language::Python],
            "javascript" => &[Language::JavaScript],
            "typescript" => &[Language::TypeScript, Language::Tsx],
            "java" => &[Language::Java],
            "go" => &[Language::Go],
            _ => return None,
        })
    }

    /// The extension of fixture files written in this language.
    pub fn fixture_extensions(self) -> &'static [&'static str] {
        match self {
            Language::Python => &["py"],
            Language::JavaScript => &["js", "jsx"],
            Language::TypeScript => &["ts"],
            Language::Tsx => &["tsx"],
            Language::Java => &["java"],
            Language::Go => &["go"],
        }
    }

    /// The language of a file, by extension and else by the shebang on its first line.
    pub fn from_path(path: &Path, first_line: &str) -> Option<Language> {
        let extension = path
            .extension()
            .and_then(|extension| extension.to_str())
            .map(str::to_ascii_lowercase);
        if let Some(language) = extension.as_deref().and_then(Self::from_extension) {
            return Some(language);
        }
        Self::from_shebang(first_line)
    }

    pub fn from_extension(extension: &str) -> Option<Language> {
        Some(match extension {
            "py" | "pyw" | "pyi" => Language::Python,
            "js" | "jsx" | "mjs" | "cjs" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "java" => Language::Java,
            "go" => Language::Go,
            _ => return None,
        })
    }

    /// `#!/usr/bin/env python3`, `#!/usr/bin/node` and the like.
    pub fn from_shebang(first_line: &str) -> Option<Language> {
        let rest = first_line.strip_prefix("#!")?;
        let mut words = rest.split_whitespace();
        let mut program = words.next()?.rsplit('/').next()?;
        if program == "env" {
            program = words.find(|word| !word.starts_with('-'))?;
        }
        if program.starts_with("python") {
            Some(Language::Python)
        } else if program == "node" || program == "nodejs" || program == "deno" || program == "bun"
        {
            Some(Language::JavaScript)
        } else if program == "ts-node" || program == "tsx" {
            Some(Language::TypeScript)
        } else {
            None
        }
    }

    /// The language of an LSP `languageId`.
    pub fn from_language_id(language_id: &str) -> Option<Language> {
        Some(match language_id {
            "python" => Language::Python,
            "javascript" | "javascriptreact" => Language::JavaScript,
            "typescript" => Language::TypeScript,
            "typescriptreact" => Language::Tsx,
            "java" => Language::Java,
            "go" => Language::Go,
            _ => return None,
        })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Language::Tsx => "tsx",
            other => other.rule_name(),
        })
    }
}

/// A new parser for `language`.
/// Whether a top-level node brings names into a file (imports, `require`, package clauses):
/// what rules about one definition may need to see of the rest of the file.
pub fn is_import(language: Language, node: tree_sitter::Node<'_>, text: &str) -> bool {
    let kind = node.kind();
    match language {
        Language::Python => matches!(
            kind,
            "import_statement" | "import_from_statement" | "future_import_statement"
        ),
        Language::JavaScript | Language::TypeScript | Language::Tsx => {
            kind == "import_statement"
                || matches!(kind, "lexical_declaration" | "variable_declaration")
                    && text
                        .get(node.start_byte()..node.end_byte())
                        .is_some_and(|declaration| declaration.contains("require("))
        }
        Language::Java => matches!(kind, "package_declaration" | "import_declaration"),
        Language::Go => matches!(kind, "package_clause" | "import_declaration"),
    }
}

pub fn parser(language: Language) -> tree_sitter::Parser {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&language.grammar())
        .expect("grammars are built against the linked tree-sitter ABI");
    parser
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_path(path: &str, first_line: &str, expected: Option<Language>) {
        assert_eq!(Language::from_path(Path::new(path), first_line), expected);
    }

    #[test]
    fn by_extension() {
        check_path("app/views.py", "", Some(Language::Python));
        check_path("web/App.JSX", "", Some(Language::JavaScript));
        check_path("web/App.tsx", "", Some(Language::Tsx));
        check_path("srv/main.go", "", Some(Language::Go));
        check_path("conf/app.yaml", "", None);
    }

    #[test]
    fn by_shebang() {
        check_path("bin/tool", "#!/usr/bin/env python3", Some(Language::Python));
        check_path(
            "bin/tool",
            "#!/usr/bin/env -S node --harmony",
            Some(Language::JavaScript),
        );
        check_path("bin/tool", "#!/bin/sh", None);
    }

    #[test]
    fn by_language_id() {
        assert_eq!(
            Language::from_language_id("typescriptreact"),
            Some(Language::Tsx)
        );
        assert_eq!(
            Language::from_language_id("javascriptreact"),
            Some(Language::JavaScript)
        );
        assert_eq!(Language::from_language_id("rust"), None);
    }

    #[test]
    fn every_grammar_loads() {
        for language in Language::ALL {
            let mut parser = parser(language);
            assert!(parser.parse("x", None).is_some(), "{language}");
        }
    }
}
