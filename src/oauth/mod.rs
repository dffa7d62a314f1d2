//! The client side of OAuth: the HTTP seam and server metadata discovery.

pub mod discovery;
pub mod http;
