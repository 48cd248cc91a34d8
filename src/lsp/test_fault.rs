//! Faults the protocol tests inject into the built server, to show that it survives them:
//! `CODEWARD_LSP_TEST_FAULT=panic:<method>` makes the first call of the LSP method
//! `<method>` panic before its handler runs, `stall:<method>` makes it wait until it is
//! cancelled. Read once from the environment; unset (as anywhere but in the tests), nothing
//! here has any effect. Not advertised in any capability.

use std::future::Future;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

pub const VARIABLE: &str = "CODEWARD_LSP_TEST_FAULT";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Panic,
    Stall,
}

/// The fault and the method it hits, from the environment.
fn configured() -> Option<&'static (Fault, String)> {
    static CONFIGURED: OnceLock<Option<(Fault, String)>> = OnceLock::new();
    CONFIGURED
        .get_or_init(|| parse(&std::env::var(VARIABLE).ok()?))
        .as_ref()
}

fn parse(value: &str) -> Option<(Fault, String)> {
    let (fault, method) = value.split_once(':')?;
    let fault = match fault {
        "panic" => Fault::Panic,
        "stall" => Fault::Stall,
        _ => return None,
    };
    Some((fault, method.to_owned()))
}

/// `handler`, preceded by the configured fault if this is the first call of `method`.
pub async fn then<T>(method: &str, handler: impl Future<Output = T>) -> T {
    static FIRED: AtomicBool = AtomicBool::new(false);
    if let Some((fault, target)) = configured()
        && target == method
        && !FIRED.swap(true, Ordering::SeqCst)
    {
        match fault {
            Fault::Panic => panic!("{VARIABLE}: injected panic in {method}"),
            Fault::Stall => std::future::pending::<()>().await,
        }
    }
    handler.await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_names_its_kind_and_the_method() {
        assert_eq!(
            parse("panic:textDocument/hover"),
            Some((Fault::Panic, "textDocument/hover".to_owned()))
        );
        assert_eq!(
            parse("stall:workspace/executeCommand"),
            Some((Fault::Stall, "workspace/executeCommand".to_owned()))
        );
        assert_eq!(parse("crash:textDocument/hover"), None);
        assert_eq!(parse("textDocument/hover"), None);
    }
}
