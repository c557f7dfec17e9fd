//! The YAML layer under the parser and the emitter: source positions for parsed text ([`layout`]), and the
//! low-level writer of canonical output ([`writer`]) with its choice of scalar styles ([`scalar`]).

pub mod layout;
pub mod scalar;
pub mod writer;

pub use layout::{Comment, Entry, Node, NodeKind, Position, comments, duplicate_keys, scan};
pub use scalar::{Context, Style};
pub use writer::{Item, Writer};
