//! Moderators' credentials: argon2id password hashes with OWASP's parameters, random session and
//! CSRF tokens (a session is stored by the hash of its token, never the token), and the login
//! throttle's arithmetic. The database side is in the store; the HTTP side in `moderation`.

use std::sync::LazyLock;
use std::time::Duration;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The shortest password a moderator may have, in characters.
pub const PASSWORD_MIN: usize = 12;
/// The longest (hashing is the slow part; an unbounded one would be a free denial of service).
pub const PASSWORD_MAX: usize = 256;
/// The longest moderator name.
pub const NAME_MAX: usize = 40;
/// A session unused this long is over (12 h).
pub const IDLE: time::Duration = time::Duration::hours(12);
/// Failed logins counted per account and per address within this window (15 min).
pub const WINDOW: time::Duration = time::Duration::minutes(15);
/// Failed logins an account gets per window before every attempt is refused with 429.
pub const ACCOUNT_FAILURES: i64 = 10;
/// Failed logins an address gets per window (several moderators may share an office).
pub const ADDRESS_FAILURES: i64 = 30;

/// Why a name or password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// The name is empty, too long or has characters other than letters, digits, `.`, `_`, `-`.
    #[error("a moderator's name is 1 to {NAME_MAX} letters, digits, dots, hyphens or underscores")]
    Name,
    /// The password is too short or too long.
    #[error("a password is {PASSWORD_MIN} to {PASSWORD_MAX} characters long")]
    PasswordLength,
    /// The hash could not be made.
    #[error("the password could not be hashed: {0}")]
    Hash(String),
}

/// Checks a moderator's name.
pub fn check_name(name: &str) -> Result<&str, CredentialError> {
    let ok = !name.is_empty()
        && name.chars().count() <= NAME_MAX
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(name)
    } else {
        Err(CredentialError::Name)
    }
}

/// Checks a new password's length.
pub fn check_password(password: &str) -> Result<&str, CredentialError> {
    if (PASSWORD_MIN..=PASSWORD_MAX).contains(&password.chars().count()) {
        Ok(password)
    } else {
        Err(CredentialError::PasswordLength)
    }
}

/// Argon2id with OWASP's first recommended parameters: 19 MiB, two passes, one lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A password's hash, as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`), with a random salt.
pub fn hash_password(password: &str) -> Result<String, CredentialError> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|err| CredentialError::Hash(err.to_string()))
}

/// A hash of no one's password: verified against when the account does not exist, so that an
/// answer takes as long whether it does or not.
static NOBODY: LazyLock<String> = LazyLock::new(|| hash_password("no moderator has this password").unwrap_or_default());

/// Whether `password` is the one `hash` was made from; with no hash (an unknown account) the
/// same work is done and the answer is no.
pub fn verify_password(hash: Option<&str>, password: &str) -> bool {
    let (hash, real) = match hash {
        Some(hash) => (hash, true),
        None => (NOBODY.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2().verify_password(password.as_bytes(), &parsed).is_ok() && real
}

/// Warms the hash of no one, so that the first login for an unknown account is not slower.
pub fn prepare() {
    LazyLock::force(&NOBODY);
}

/// A new random token: 32 bytes from the operating system, base64url.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a session token: its SHA-256, so that a copy of the database
/// opens no session.
pub fn token_hash(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// How long the first failed login of a window is held back.
pub const FIRST_DELAY: Duration = Duration::from_millis(100);

/// How long to hold back the answer to a failed login: `first`, doubling with each failure of
/// the window, at most 30 times `first` (3 s by default).
pub fn delay_after(failures: i64, first: Duration) -> Duration {
    let doublings = u32::try_from(failures.saturating_sub(1).clamp(0, 5)).unwrap_or(5);
    (first * (1 << doublings)).min(first * 30)
}

/// Whether two strings are equal, in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_with_owasp_parameters_and_verify() {
        let hash = hash_password("doğru at pil zımba").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password(Some(&hash), "doğru at pil zımba"));
        assert!(!verify_password(Some(&hash), "doğru at pil zımbA"));
        assert_ne!(hash, hash_password("doğru at pil zımba").unwrap(), "a salt of its own");
        assert!(!verify_password(None, "no moderator has this password"), "no account, no entry");
        assert!(!verify_password(Some("not a hash"), "x"));
    }

    #[test]
    fn names_and_passwords_are_checked() {
        assert!(check_name("ayse.demir").is_ok());
        assert!(check_name("Ayşe_1").is_ok());
        for bad in ["", "iki kelime", "a/b", "x\u{202E}", &"a".repeat(41)] {
            assert_eq!(check_name(bad), Err(CredentialError::Name), "{bad:?}");
        }
        assert!(check_password("on iki harf!").is_ok());
        assert_eq!(check_password("kısa"), Err(CredentialError::PasswordLength));
        assert_eq!(check_password(&"x".repeat(257)), Err(CredentialError::PasswordLength));
    }

    #[test]
    fn tokens_are_random_and_stored_by_hash() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
    }

    #[test]
    fn failed_logins_wait_longer_each_time() {
        let waits: Vec<u128> = (1..=8).map(|n| delay_after(n, FIRST_DELAY).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1600, 3000, 3000, 3000]);
    }
}
