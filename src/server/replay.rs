//! One-time identifiers remembered while they could be accepted: DPoP proofs' `jti`s
//! (RFC 9449 section 11.1) and client assertions' `jti`s (RFC 7523 section 3). Bounded:
//! when full, new identifiers are refused rather than old live ones forgotten.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

use aws_lc_rs::digest;

/// Why an identifier was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub enum Replay {
    /// Seen before and still remembered.
    Used,
    /// The cache is full of identifiers that are still live.
    Full,
}

#[derive(Default)]
struct Inner {
    ids: HashSet<[u8; 16]>,
    /// Insertion order with each entry's expiry. Expiries need not increase (assertions
    /// name their own): the front is dropped as it expires, and when the cache is full the
    /// whole queue is swept before anything is refused.
    order: VecDeque<(i64, [u8; 16])>,
}

pub struct Seen {
    inner: Mutex<Inner>,
    limit: usize,
}

impl Seen {
    pub fn new(limit: usize) -> Seen {
        Seen {
            inner: Mutex::default(),
            limit,
        }
    }

    /// Record the identifier made of `parts` until `expires`; a second use before then
    /// is `Replay::Used`.
    pub fn first_use(&self, parts: &[&[u8]], expires: i64, now: i64) -> Result<(), Replay> {
        let mut hasher = digest::Context::new(&digest::SHA256);
        for part in parts {
            // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
            hasher.update(&(part.len() as u64).to_be_bytes());
            hasher.update(part);
        }
        let mut id = [0u8; 16];
        id.copy_from_slice(&hasher.finish().as_ref()[..16]);
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        while let Some(&(until, old)) = inner.order.front() {
            if until > now {
                break;
            }
            inner.order.pop_front();
            inner.ids.remove(&old);
        }
        if inner.ids.contains(&id) {
            return Err(Replay::Used);
        }
        if inner.ids.len() >= self.limit {
            let Inner { ids, order } = &mut *inner;
            order.retain(|(until, old)| *until > now || !ids.remove(old));
        }
        if inner.ids.len() >= self.limit {
            return Err(Replay::Full);
        }
        inner.ids.insert(id);
        inner.order.push_back((expires, id));
        Ok(())
    }

    /// How many identifiers are remembered.
    pub fn held(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .ids
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identifier_is_accepted_once_until_it_expires_and_parts_are_not_confused() {
        let seen = Seen::new(10);
        assert_eq!(seen.first_use(&[b"k", b"a"], 1100, 1000), Ok(()));
        assert_eq!(seen.first_use(&[b"k", b"a"], 1100, 1001), Err(Replay::Used));
        assert_eq!(seen.first_use(&[b"ka", b""], 1100, 1001), Ok(()));
        assert_eq!(seen.first_use(&[b"k", b"a"], 1200, 1100), Ok(()));
    }

    #[test]
    fn a_full_cache_sweeps_expired_identifiers_behind_a_long_lived_one_before_refusing() {
        let seen = Seen::new(2);
        assert_eq!(seen.first_use(&[b"long"], 5000, 1000), Ok(()));
        assert_eq!(seen.first_use(&[b"short"], 1100, 1000), Ok(()));
        // "short" has expired behind "long": a sweep makes room.
        assert_eq!(seen.first_use(&[b"new"], 1300, 1200), Ok(()));
        assert_eq!(seen.first_use(&[b"long"], 5000, 1200), Err(Replay::Used));
        assert_eq!(seen.first_use(&[b"more"], 1300, 1201), Err(Replay::Full));
    }

    #[test]
    fn a_full_cache_refuses_rather_than_forgetting_a_live_identifier() {
        let seen = Seen::new(2);
        assert_eq!(seen.first_use(&[b"a"], 2000, 1000), Ok(()));
        assert_eq!(seen.first_use(&[b"b"], 2000, 1000), Ok(()));
        assert_eq!(seen.first_use(&[b"c"], 2000, 1001), Err(Replay::Full));
        assert_eq!(seen.first_use(&[b"a"], 2000, 1001), Err(Replay::Used));
        assert_eq!(seen.held(), 2);
    }
}
