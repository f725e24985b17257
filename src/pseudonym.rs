//! Pseudonymous customer ids for exports: `ds.pseudonymize({ salt })` replaces the id of every
//! customer in every export (target lists, recommendations, due-to-reorder lists, campaign
//! members, `customerIds()`) by a keyed hash: `p` followed by the first 16 hex digits (64 bits)
//! of HMAC-SHA-256(key = the salt's UTF-8 bytes, message = the id's UTF-8 bytes) (RFC 2104;
//! RustCrypto's `hmac` + `sha2`). The same salt gives the same pseudonyms, in any session or
//! tool that computes the same HMAC. Without the salt, a pseudonym cannot be turned back into
//! an id; with it, the holder re-identifies by hashing their own id list. 64 bits make a
//! collision among a million customers about 1 in 36 million.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A salt and the keyed hash it defines.
#[derive(Clone)]
pub struct Pseudonymizer {
    salt: String,
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymizer(..)") // the salt is a secret: never printed
    }
}

impl PartialEq for Pseudonymizer {
    fn eq(&self, other: &Self) -> bool {
        self.salt == other.salt
    }
}

/// Shortest salt accepted: a guessable salt would let anyone with a list of ids re-identify.
pub const MIN_SALT_CHARS: usize = 16;

impl Pseudonymizer {
    pub fn new(salt: &str) -> Pseudonymizer {
        // HMAC takes a key of any length (RFC 2104 §3), so this cannot fail.
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(salt.as_bytes()).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        Pseudonymizer { salt: salt.to_string(), mac }
    }

    /// A fresh salt: 32 random bytes (the OS / `crypto.getRandomValues`) as 64 hex digits.
    pub fn fresh_salt() -> crate::error::Result<String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| crate::error::Error::Internal { message: format!("no random source for a fresh salt: {e}") })?;
        Ok(hex(&bytes))
    }

    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// The pseudonym of `id`.
    pub fn pseudonym(&self, id: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        let digest = mac.finalize().into_bytes();
        format!("p{}", hex(&digest[..8]))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2 (HMAC-SHA-256, key "Jefe"): the full MAC begins 5bdcc146bf60754e.
    #[test]
    fn matches_rfc_4231() {
        let p = Pseudonymizer::new("Jefe");
        assert_eq!(p.pseudonym("what do ya want for nothing?"), "p5bdcc146bf60754e");
    }

    #[test]
    fn same_salt_same_pseudonym_other_salt_other() {
        let a = Pseudonymizer::new("a salt of sixteen+ chars");
        assert_eq!(a.pseudonym("M01"), Pseudonymizer::new("a salt of sixteen+ chars").pseudonym("M01"));
        assert_ne!(a.pseudonym("M01"), Pseudonymizer::new("another salt, also long").pseudonym("M01"));
        assert_ne!(a.pseudonym("M01"), a.pseudonym("M02"));
        let fresh = Pseudonymizer::fresh_salt().expect("random");
        assert_eq!(fresh.len(), 64);
        assert_ne!(fresh, Pseudonymizer::fresh_salt().expect("random"));
    }
}
