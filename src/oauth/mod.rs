//! The client side of OAuth: the HTTP seam and server metadata discovery.

pub mod client;
pub mod discovery;
pub mod flow;
pub mod html;
pub mod http;
pub mod login;
pub mod loopback;
