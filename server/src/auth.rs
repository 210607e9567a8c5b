//! Moderators' credentials: argon2id password hashes with OWASP's parameters, random session and
//! CSRF tokens (a session is stored by the hash of its token, never the token), and the login
//! throttle's arithmetic. The database side is in the store; the HTTP side in `moderation`.

use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::password_hash::PasswordHasher;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

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
/// Failed logins one address gets per window on one account, before that address's attempts on
/// it are refused with 429. Another address is not refused for them: no one can lock a
/// moderator out from elsewhere.
pub const PAIR_FAILURES: i64 = 10;
/// Failed logins an address gets per window across accounts (several moderators may share an
/// office).
pub const ADDRESS_FAILURES: i64 = 30;
/// Failed logins an account gets per window, from anywhere, before its attempts are slowed:
/// each one after that is held back twice as long as the one before (up to 30 times the first
/// delay) unless it comes from an address that has not failed on the account.
pub const ACCOUNT_SLOW_AFTER: i64 = 10;
/// Password checks run at once (each holds 19 MiB for argon2id): a flood of logins waits
/// for a turn instead of taking the server's memory.
pub const CHECKS_AT_ONCE: usize = 4;
/// How long a login waits for a turn to be checked before it is answered 503.
pub const CHECK_WAIT: Duration = Duration::from_secs(10);

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
    verify_in(hash, password, &mut Vec::new())
}

/// [`verify_password`] in argon2's working memory `memory`, grown to the size the hash asks for
/// and kept for the next check.
fn verify_in(hash: Option<&str>, password: &str, memory: &mut Vec<Block>) -> bool {
    let (hash, real) = match hash {
        Some(hash) => (hash, true),
        None => (NOBODY.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(version), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm.as_str()),
        Version::try_from(parsed.version.unwrap_or(Version::V0x13.into())),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let hashed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password.as_bytes(),
        salt.as_ref(),
        &mut out,
        &mut memory[..],
    );
    // Output's comparison takes the same time wherever the bytes differ.
    hashed.is_ok() && Output::new(&out).is_ok_and(|out| out == expected) && real
}

/// Turns for checking passwords, [`CHECKS_AT_ONCE`] at a time, each with its own argon2 working
/// memory (19 MiB) made once and reused. Reusing it is what bounds the memory: a block freed on
/// one of the runtime's many blocking threads stays with that thread's allocator arena, so fifty
/// checks made one after another on fifty threads kept fifty blocks (478 MiB measured).
#[derive(Debug, Clone)]
pub struct PasswordChecks {
    turns: Arc<Semaphore>,
    memories: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Default for PasswordChecks {
    fn default() -> Self {
        Self { turns: Arc::new(Semaphore::new(CHECKS_AT_ONCE)), memories: Arc::default() }
    }
}

impl PasswordChecks {
    /// Whether `password` is `hash`'s (see [`verify_password`]), once a turn is free; `None`
    /// when none came within [`CHECK_WAIT`].
    pub async fn verify(&self, hash: Option<String>, password: String) -> Option<bool> {
        let turn = tokio::time::timeout(CHECK_WAIT, self.turns.clone().acquire_owned()).await.ok()?.ok()?;
        let memories = self.memories.clone();
        let right = tokio::task::spawn_blocking(move || {
            let mut memory = memories.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop().unwrap_or_default();
            let right = verify_in(hash.as_deref(), &password, &mut memory);
            memories.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(memory);
            right
        })
        .await
        .unwrap_or(false);
        drop(turn);
        Some(right)
    }
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
