//! Whether a literal value looks like a secret: entropy, character classes, and not words.
//!
//! Judges one value's spelling alone: no IO, no syntax tree, no knowledge of the name it is
//! assigned to. Used by `secret:` rules (`classes:`, `words:`) and by the `secret-like:`
//! condition of pattern rules. Provider formats (AKIA..., ghp_...) are their rules' regexes,
//! not this module's business.

use crate::engine::secrets::shannon_entropy;
use crate::rules::SecretShape;

/// Whether `value` (without its quotes) has the shape `shape` asks for.
pub fn accepts(shape: &SecretShape, value: &str) -> bool {
    if let Some(minimum) = shape.entropy
        && shannon_entropy(value) < minimum
    {
        return false;
    }
    if let Some(minimum) = shape.classes
        && character_classes(value) < minimum
    {
        return false;
    }
    shape.words || !reads_as_words(value)
}

/// A string literal's text without its prefix (`r`, `b`, `u`, `f`) and quotes; other text
/// as it is.
pub fn unquoted(literal: &str) -> &str {
    let body = literal.trim_start_matches(['r', 'R', 'b', 'B', 'u', 'U', 'f', 'F']);
    for quote in ["\"\"\"", "'''", "\"", "'", "`"] {
        if body.len() >= 2 * quote.len() && body.starts_with(quote) && body.ends_with(quote) {
            return &body[quote.len()..body.len() - quote.len()];
        }
    }
    literal
}

/// How many of lower case, upper case, digits and other characters `value` holds.
pub fn character_classes(value: &str) -> usize {
    let tests: [fn(&char) -> bool; 4] = [
        char::is_ascii_lowercase,
        char::is_ascii_uppercase,
        char::is_ascii_digit,
        |character| !character.is_ascii_alphanumeric(),
    ];
    tests
        .iter()
        .filter(|test| value.chars().any(|character| test(&character)))
        .count()
}

/// Whether `value` is text a person wrote rather than random characters: prose, a
/// placeholder, an identifier or constant name, a template reference, a path or a URL
/// without credentials.
pub fn reads_as_words(value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() || value.chars().any(char::is_whitespace) {
        return true;
    }
    let mut characters = value.chars();
    let first = characters.next().unwrap_or_default();
    if characters.all(|character| character == first) {
        return true;
    }
    is_reference(value) || is_path_or_url(value) || is_placeholder(value) || is_name(value)
}

/// Templates and references that a tool fills in: `${TOKEN}`, `$TOKEN`, `$api-version`,
/// `{{ .Values.x }}`, `<token>`, `%(password)s`, `%s`, `%PASSWORD%`, `{password}`,
/// `@DB_PASSWORD@` and `@@@@BUILD_TOKEN@@@@` (Ant and Maven filter tokens).
fn is_reference(value: &str) -> bool {
    let wrapped = |open: &str, close: &str| value.starts_with(open) && value.ends_with(close);
    let name_inside = |inner: &str| !inner.is_empty() && inner.chars().all(is_name_character);
    wrapped("${", "}")
        || wrapped("{{", "}}")
        || wrapped("<", ">")
        || wrapped("%(", "s")
        || wrapped("%", "%")
        || (wrapped("{", "}") && value[1..value.len() - 1].chars().all(is_word_character))
        || value == "%s"
        || (value.starts_with('$') && name_inside(&value[1..]))
        || (wrapped("@", "@") && name_inside(value.trim_matches('@')))
}

fn is_word_character(character: char) -> bool {
    character.is_ascii_alphanumeric() || character == '_'
}

/// A character of a dotted or dashed name: `db.password`, `api-jar-version`.
fn is_name_character(character: char) -> bool {
    is_word_character(character) || matches!(character, '.' | '-')
}

/// A file path or a URL that carries no user and password (`https://user:pw@host` does).
fn is_path_or_url(value: &str) -> bool {
    if let Some((scheme, rest)) = value.split_once("://") {
        let authority = rest.split('/').next().unwrap_or_default();
        return scheme.chars().all(|character| {
            character.is_ascii_alphanumeric() || matches!(character, '+' | '.' | '-')
        }) && !authority.contains('@');
    }
    // A resource with a scheme and a path but no authority: `classpath:/keys/a.jwk`.
    if let Some((scheme, rest)) = value.split_once(':')
        && scheme.len() >= 3
        && scheme
            .chars()
            .all(|character| character.is_ascii_lowercase())
        && (rest.starts_with('/') || rest.starts_with("./"))
    {
        return true;
    }
    let drive = value.len() > 2 && value.as_bytes()[1] == b':' && value.as_bytes()[2] == b'\\';
    let rooted = ["/", "./", "../", "~/"]
        .iter()
        .any(|start| value.starts_with(start));
    (rooted || drive)
        && value
            .split(['/', '\\'])
            .filter(|part| !part.is_empty())
            .count()
            >= 2
        || (rooted && tokens(value).iter().all(|token| token.is_word()))
}

/// Words that mark a value as standing in for a secret wherever they appear in it.
const PLACEHOLDER_WORDS: &[&str] = &[
    "changeme",
    "changeit",
    "replace",
    "replaceme",
    "placeholder",
    "dummy",
    "example",
    "examples",
    "sample",
    "test",
    "testing",
    "fake",
    "mock",
    "redacted",
    "todo",
    "tbd",
    "fixme",
    "your",
    "here",
    "insert",
    "enter",
    "xxx",
    "notasecret",
];

/// Words that stand in for a secret when the value holds nothing else (`password1`,
/// `secret`), but not in a phrase someone chose as a key (`dev-secret-key-do-not-ship`).
const PLACEHOLDER_ALONE: &[&str] = &[
    "change",
    "none",
    "null",
    "undefined",
    "default",
    "secret",
    "password",
    "passwd",
    "token",
    "apikey",
    "key",
];

/// A value made of words that stand in for a secret: `changeme`, `your-api-key-here`,
/// `dummy_token`, `test123`, `xxxx-xxxx`, `password1`, `*****`.
fn is_placeholder(value: &str) -> bool {
    if !value
        .chars()
        .any(|character| character.is_ascii_alphanumeric())
    {
        return true;
    }
    let parts = tokens(value);
    let words: Vec<&Token> = parts.iter().filter(|token| !token.is_digits()).collect();
    let lower = value.to_ascii_lowercase();
    let all_x = lower
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .all(|character| character == 'x');
    all_x
        || words.iter().all(|token| {
            PLACEHOLDER_WORDS.contains(&token.lower.as_str())
                || PLACEHOLDER_ALONE.contains(&token.lower.as_str())
                || (token.lower.len() >= 3 && token.lower.chars().all(|c| c == 'x'))
        }) && parts
            .iter()
            .all(|token| !token.is_digits() || token.lower.len() <= 4)
        || parts.len() >= 2
            && mostly_long(&words)
            && parts
                .iter()
                .all(|token| token.is_word() || token.is_digits())
            && parts
                .iter()
                .any(|token| PLACEHOLDER_WORDS.contains(&token.lower.as_str()))
}

/// An identifier, constant or environment-variable name, or a few words joined by
/// separators: `API_TOKEN`, `_default`, `TokenType`, `db.password`, `X-Api-Key`,
/// `Neues_Passwort`. Digits pass only as a short part of a joined name (`API_TOKEN_V2`);
/// `admin123` is a (weak) password, not a name.
fn is_name(value: &str) -> bool {
    let parts = tokens(value);
    let words: Vec<&Token> = parts.iter().filter(|token| !token.is_digits()).collect();
    if words.is_empty() {
        return false;
    }
    // A lower-case phrase of three words or more joined by hyphens is a passphrase someone
    // chose (`dev-secret-key-do-not-ship`), not a name.
    let passphrase = value.matches('-').count() >= 2
        && value.chars().all(|character| {
            character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-'
        });
    if passphrase {
        return false;
    }
    let joined = value.contains(['_', '.', '-', ':', '/']);
    // Digits close a part of the name (`API_TOKEN_V2`, `app-2024`); a letter after a digit
    // (`mailpass-77f1`) is random text.
    let letter_after_digit = value
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0].is_ascii_digit() && pair[1].is_ascii_alphabetic());
    let digits_fit = !letter_after_digit
        && parts
            .iter()
            .filter(|token| token.is_digits())
            .all(|token| joined && token.lower.len() <= 4);
    let allowed = value
        .chars()
        .all(|character| is_word_character(character) || matches!(character, '.' | '-' | ':'));
    // A joined name that ends in the word for what it names is the name of a setting or a
    // header, not its value: `X-CSRF-Token`, `com.acme.httpclient.proxyPassword`.
    let names_a_secret = parts.len() >= 2
        && parts
            .last()
            .is_some_and(|last| SECRET_WORDS.contains(&last.lower.as_str()));
    allowed
        && digits_fit
        && (names_a_secret || mostly_long(&words) && words.iter().all(|token| token.is_word()))
}

/// The last word of a name for a secret (`proxyPassword`, `X-CSRF-Token`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "token",
    "key",
    "apikey",
    "credential",
    "credentials",
];

/// Few parts of under three letters: `X-Api-Key` and `DB_PASSWORD` are names, the short
/// runs that case changes cut from random letters (`qZxRtWpL`) are not.
fn mostly_long(words: &[&Token]) -> bool {
    let short = words
        .iter()
        .filter(|token| token.lower.chars().count() < 3)
        .count();
    short <= (words.len() / 3).max(1) && short < words.len().max(2)
}

struct Token {
    lower: String,
}

impl Token {
    fn is_digits(&self) -> bool {
        self.lower
            .chars()
            .all(|character| character.is_ascii_digit())
    }

    /// Letters only, spelled like a word or an abbreviation: a vowel and no run of five
    /// consonants, or at most four letters (`db`, `API`, `pwd`, `CSRF`, `HTTP`).
    fn is_word(&self) -> bool {
        if !self
            .lower
            .chars()
            .all(|character| character.is_alphabetic())
        {
            return false;
        }
        if self.lower.chars().count() <= 4 {
            return true;
        }
        let vowel = |character: char| "aeiouyäöüéèàáíóú".contains(character);
        let mut run = 0;
        for character in self.lower.chars() {
            run = if vowel(character) { 0 } else { run + 1 };
            if run >= 5 {
                return false;
            }
        }
        self.lower.chars().any(vowel)
    }
}

/// The value split at non-alphanumeric characters, at lower-to-upper case changes
/// (`tokenType`), before the last capital of a capital run (`APIKey`) and between letters
/// and digits.
fn tokens(value: &str) -> Vec<Token> {
    let characters: Vec<char> = value.chars().collect();
    let mut found = Vec::new();
    let mut current = String::new();
    for (index, &character) in characters.iter().enumerate() {
        if !character.is_alphanumeric() {
            if !current.is_empty() {
                found.push(Token {
                    lower: std::mem::take(&mut current).to_lowercase(),
                });
            }
            continue;
        }
        if let Some(&previous) = index
            .checked_sub(1)
            .and_then(|before| characters.get(before))
            && previous.is_alphanumeric()
        {
            let next_lower = characters
                .get(index + 1)
                .is_some_and(|next| next.is_lowercase());
            let boundary = (previous.is_lowercase() && character.is_uppercase())
                || (previous.is_uppercase() && character.is_uppercase() && next_lower)
                || (previous.is_ascii_digit() != character.is_ascii_digit());
            if boundary && !current.is_empty() {
                found.push(Token {
                    lower: std::mem::take(&mut current).to_lowercase(),
                });
            }
        }
        current.push(character);
    }
    if !current.is_empty() {
        found.push(Token {
            lower: current.to_lowercase(),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_words(value: &str, expected: bool) {
        assert_eq!(reads_as_words(value), expected, "{value}");
    }

    #[test]
    fn prose_placeholders_and_names_read_as_words() {
        for value in [
            "Neues Passwort",
            "Enter your password",
            "change me later",
            "changeme",
            "xxx",
            "xxxx-xxxx-xxxx",
            "<token>",
            "${TOKEN}",
            "%(password)s",
            "{password}",
            "$DB_PASSWORD",
            "your-api-key-here",
            "dummy",
            "dummy_token_value",
            "example",
            "test",
            "test1234",
            "password1",
            "aaaaaaaaaaaa",
            "********",
            "API_TOKEN",
            "DB_PASSWORD",
            "API_TOKEN_V2",
            "_default",
            "*",
            "TokenType",
            "tokenType",
            "APIKeyHeader",
            "X-Api-Key",
            "db.password",
            "Neues_Passwort",
            "/run/secrets/db_password",
            "./config/token.json",
            "classpath:/keys/signing.jwk",
            "https://auth.internal.corp/oauth/token",
            "process.env.API_TOKEN",
            "process.env.NODE_HTTP_SERVER_SSL_PASSPHRASE",
            "X-CSRF-Token",
            "com.acme.client.httpclient.proxyPassword",
            "@@DOWNLOAD_SIZE@@",
            "@@@@MODULE_TIMESTAMP@@@@",
            "@db.password@",
            "$api-jar-version",
        ] {
            check_words(value, true);
        }
    }

    #[test]
    fn random_and_weak_secrets_do_not_read_as_words() {
        for value in [
            "sk_live_51HxQ2eKf9Zp0aTq8wLmNvBcD",
            "django-insecure-9f#2m!x7qz0c1k$e8w5r3t6y",
            "Cl1nic-Pr0d-2024",
            "nest-admin-7f3c9e1b2a",
            "dev-secret-key-do-not-ship",
            "portal-download-secret",
            "Kx7q-Token",
            "@Zq8!xR2@",
            "Tr0ub4dor&3",
            "Orders#2024!",
            "R3p0rt!ng-2023",
            "admin123",
            "mailpass-77f1",
            "qZxRtWpLmNvBkJhG",
            "3f9a2b7c1d4e8f60a1b2c3d4e5f60718",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Lm2Nw4t",
            "postgres://reporting:Sup3rS3cret!@reporting-db:5432/reports",
        ] {
            check_words(value, false);
        }
    }

    #[test]
    fn character_classes_count_lower_upper_digit_other() {
        assert_eq!(character_classes("abc"), 1);
        assert_eq!(character_classes("abc123"), 2);
        assert_eq!(character_classes("Abc-123"), 4);
    }

    #[test]
    fn shape_combines_entropy_classes_and_words() {
        let shape = SecretShape {
            entropy: Some(3.0),
            classes: Some(2),
            words: false,
        };
        assert!(accepts(&shape, "nest-admin-7f3c9e1b2a"));
        assert!(!accepts(&shape, "abcdefghijkl"));
        assert!(!accepts(&shape, "Enter your password"));
        assert!(!accepts(&shape, "a1a1a1a1a1a1"));
    }
}
