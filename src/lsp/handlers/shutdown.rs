//! `shutdown`: stop every analysis, so that `exit` never waits on a whole-file pass, and
//! answer once every push decided before has been handed to the client: nothing is pushed
//! after the answer.

use tower_lsp_server::jsonrpc::Result;

use crate::lsp::analysis;
use crate::lsp::publish;
use crate::lsp::session::Session;

pub async fn handle(session: &Session) -> Result<()> {
    analysis::cancel_all(session);
    publish::close(session).await;
    Ok(())
}
