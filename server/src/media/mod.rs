//! Images made for phones (issue 24): uploads checked and written again as variants
//! ([`process`]).

pub mod process;
