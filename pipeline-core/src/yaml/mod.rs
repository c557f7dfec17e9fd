//! The YAML layer under the parser and the emitter: source positions for parsed text ([`layout`]), and the
//! low-level writer of canonical output ([`writer`]) with its choice of scalar styles ([`scalar`]).

pub mod layout;
