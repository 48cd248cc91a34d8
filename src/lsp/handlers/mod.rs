//! One handler per LSP method; each converts its parameters, does its work through the
//! session, the analysis scheduler or the engine, and returns LSP types.

pub mod code_action;
pub mod diagnostic;
pub mod did_change;
pub mod did_change_configuration;
pub mod did_close;
pub mod did_open;
pub mod did_save;
pub mod execute_command;
pub mod hover;
pub mod initialize;
pub mod shutdown;
pub mod workspace_diagnostic;
