//! Test code: which files are tests, fixtures or test data, by the conventions of each
//! ecosystem and what a project declares (`test-paths` in `.codeward.toml`).
//!
//! Pure: a repo-relative path in, a yes or no out; no IO. Findings in test code are left out
//! by default (as CodeGuru Security skipped test code), except real credentials: a provider
//! key or a private key committed in a test is still a leaked key. The CLI and the language
//! server apply the same policy through [`TestCode::keeps`].

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::engine::Finding;
use crate::rules::{Confidence, RuleKind};

/// Folder names that hold tests, fixtures or test data in the ecosystems we scan.
const TEST_FOLDERS: &[&str] = &[
    "test",
    "tests",
    "testing",
    "__tests__",
    "__mocks__",
    "spec",
    "specs",
    "testdata",
    "fixtures",
    "e2e",
];

/// The test-code classifier of one project.
#[derive(Debug, Clone, Default)]
pub struct TestCode {
    /// The project's own `test-paths` globs, gitignore-style, relative to its root.
    declared: Option<Gitignore>,
}

impl TestCode {
    /// The conventions plus the project's globs; an invalid glob is an error naming it.
    pub fn new(declared: &[String]) -> Result<TestCode, String> {
        if declared.is_empty() {
            return Ok(TestCode::default());
        }
        let mut builder = GitignoreBuilder::new("");
        for glob in declared {
            builder
                .add_line(None, glob)
                .map_err(|error| format!("`{glob}` is not a valid glob: {error}"))?;
        }
        let built = builder
            .build()
            .map_err(|error| format!("test-paths: {error}"))?;
        Ok(TestCode {
            declared: Some(built),
        })
    }

    /// Whether the file at `path` (relative to the project root, `/` or `\` separated) is
    /// test code.
    pub fn is_test(&self, path: &str) -> bool {
        let path = path.replace('\\', "/");
        let path = path.trim_start_matches("./");
        if let Some(declared) = &self.declared
            && declared
                .matched_path_or_any_parents(path, false)
                .is_ignore()
        {
            return true;
        }
        let mut parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
        let Some(file) = parts.pop() else {
            return false;
        };
        parts
            .iter()
            .any(|folder| TEST_FOLDERS.contains(&folder.to_ascii_lowercase().as_str()))
            || is_test_file(file)
    }

    /// Whether a finding in a file of this kind is reported: everything outside test code,
    /// and in test code only what a secret detector that knows a credential by its format (a
    /// provider key, a private key block) found, unless `include_tests` says to report
    /// everything. The low-confidence detectors, which guess from a name and the value's
    /// entropy (`new_password = "newpass123"` in a login test), stay quiet there: tests are
    /// full of made-up passwords.
    pub fn keeps(&self, path: &str, include_tests: bool, finding: &Finding) -> bool {
        include_tests
            || !self.is_test(path)
            || (matches!(finding.rule.kind, RuleKind::Secret(_))
                && finding.rule.meta.confidence > Confidence::Low)
    }
}

/// File names of tests by convention: `test_x.py`, `x_test.py`, `conftest.py`, `tests.py`, `x_test.go`,
/// `x.test.ts`, `x.spec.jsx`, `XTest.java`, `XTests.java`, `XIT.java`.
fn is_test_file(file: &str) -> bool {
    let (stem, extension) = file.rsplit_once('.').unwrap_or((file, ""));
    match extension {
        // `tests.py` is the module `manage.py startapp` creates for a Django app's tests.
        "py" => {
            stem.starts_with("test_")
                || stem.ends_with("_test")
                || stem == "conftest"
                || stem == "tests"
        }
        "go" => stem.ends_with("_test"),
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" => {
            stem.ends_with(".test") || stem.ends_with(".spec")
        }
        "java" | "kt" => {
            // `OrderServiceIT` is an integration test; `AUDIT` is not.
            let integration = stem
                .strip_suffix("IT")
                .and_then(|rest| rest.chars().last())
                .is_some_and(char::is_lowercase);
            stem.len() > 4
                && stem.starts_with(char::is_uppercase)
                && (stem.ends_with("Test") || stem.ends_with("Tests") || integration)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::TestCode;

    fn check(declared: &[&str], path: &str, expected: bool) {
        let declared: Vec<String> = declared.iter().map(|glob| (*glob).to_owned()).collect();
        let classifier = TestCode::new(&declared).expect("valid globs");
        assert_eq!(classifier.is_test(path), expected, "{path}");
    }

    #[test]
    fn test_folders_of_every_ecosystem() {
        for path in [
            "tests/test_app.py",
            "tests/helpers.py",
            "pkg/test/util.js",
            "src/testing/harness.py",
            "web/__tests__/form.jsx",
            "web/__mocks__/api.js",
            "spec/models/user_spec.js",
            "internal/testdata/input.go",
            "fixtures/users.json",
            "src/test/java/com/example/AppTest.java",
            "src/test/java/com/example/Builders.java",
            "Tests/Integration/Case.py",
            r"tests\windows\case.py",
        ] {
            check(&[], path, true);
        }
    }

    #[test]
    fn test_files_by_name() {
        for path in [
            "app/test_views.py",
            "app/views_test.py",
            "conftest.py",
            "accounts/tests.py",
            "server/handler_test.go",
            "ui/button.test.tsx",
            "ui/button.spec.ts",
            "lib/parse.test.mjs",
            "src/main/java/com/example/OrderServiceTest.java",
            "src/main/java/com/example/OrderServiceTests.java",
            "src/main/java/com/example/OrderServiceIT.java",
        ] {
            check(&[], path, true);
        }
    }

    #[test]
    fn application_code_is_not_test_code() {
        for path in [
            "app/views.py",
            "app/testimonials.py",
            "app/contest.py",
            "server/handler.go",
            "server/latest.go",
            "ui/button.tsx",
            "ui/spectrum.ts",
            "src/main/java/com/example/Attest.java",
            "src/main/java/com/example/Contest.java",
            "src/main/java/com/example/AUDIT.java",
            "attestation/service.py",
            "README.md",
        ] {
            check(&[], path, false);
        }
    }

    #[test]
    fn a_project_declares_its_own_test_paths() {
        check(&["qa/**", "*.scenario.py"], "qa/load/run.py", true);
        check(
            &["qa/**", "*.scenario.py"],
            "app/checkout.scenario.py",
            true,
        );
        check(&["qa/**", "*.scenario.py"], "app/checkout.py", false);
        assert_eq!(
            TestCode::new(&["a/{b".to_owned()]).err().as_deref(),
            Some(
                "`a/{b` is not a valid glob: error parsing glob 'a/{b': unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"
            )
        );
    }
}
