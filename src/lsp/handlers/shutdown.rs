//! `shutdown`: stop every analysis, so that `exit` never waits on a whole-file pass.

use crate::lsp::analysis;
use crate::lsp::session::Session;

pub fn handle(session: &Session) {
    analysis::cancel_all(session);
}
