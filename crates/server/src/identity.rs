//! Users and sessions: argon2 password hashes, lock-out after repeated failures, session tokens
//! kept only as SHA-256 hashes.

use crate::roles::Role;
use crate::tables::{self, now};
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use kingpin_sql::{Conn, Row, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Errors of identity operations.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    /// The database failed.
    #[error("{0}")]
    Sql(#[from] kingpin_sql::Error),
    /// Wrong user name or password (deliberately not saying which).
    #[error("wrong user name or password")]
    BadCredentials,
    /// Too many failures: locked until the given time (epoch seconds).
    #[error("account locked after repeated failures; try again in {0} s")]
    Locked(i64),
    /// The account was disabled by an administrator.
    #[error("account disabled")]
    Disabled,
    /// Bad input to an admin command.
    #[error("{0}")]
    Invalid(String),
}

/// Result type of identity operations.
pub type Result<T> = std::result::Result<T, IdentityError>;

/// Lock-out and session settings.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Consecutive failed logins that lock an account.
    pub max_failures: i64,
    /// How long a lock lasts, in seconds.
    pub lockout_secs: i64,
    /// How long a session lasts, in seconds.
    pub session_secs: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_failures: 5,
            lockout_secs: 15 * 60,
            session_secs: 8 * 3600,
        }
    }
}

/// A user as listed (never with the password hash).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct User {
    /// Login name.
    pub name: String,
    /// Agency the user works for.
    pub agency: String,
    /// Role.
    pub role: Role,
    /// How to reach the user (shown to other agencies in deconfliction alerts).
    pub contact: String,
    /// Disabled users cannot log in and their sessions end.
    pub disabled: bool,
    /// Locked until this time (epoch seconds; 0: not locked).
    pub locked_until: i64,
}

fn user_row(r: &Row) -> kingpin_sql::Result<(User, String)> {
    let role: String = r.get(2)?;
    Ok((
        User {
            name: r.get(0)?,
            agency: r.get(1)?,
            role: role.parse().unwrap_or(Role::Analyst),
            contact: r.get(3)?,
            disabled: r.get(4)?,
            locked_until: r.get(5)?,
        },
        r.get(6)?,
    ))
}

const USER_COLUMNS: &str = "name, agency, role, contact, disabled, locked_until, password";

fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < 10 {
        return Err(IdentityError::Invalid(
            "passwords must have at least 10 characters".into(),
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| IdentityError::Invalid(format!("hashing password: {e}")))
}

fn valid_name(what: &str, s: &str) -> Result<()> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    if ok {
        Ok(())
    } else {
        Err(IdentityError::Invalid(format!(
            "{what} {s:?}: use 1-64 letters, digits, '-', '_', '.', '@'"
        )))
    }
}

/// Adds a user.
pub fn add_user(
    conn: &mut Conn<'_>,
    name: &str,
    agency: &str,
    role: Role,
    password: &str,
    contact: &str,
) -> Result<()> {
    valid_name("user name", name)?;
    valid_name("agency", agency)?;
    let hash = hash_password(password)?;
    let at = tables::timestamp();
    let n = conn.execute(
        "INSERT INTO app_user(name, agency, role, password, contact, created_at)
         VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        params![name, agency, role.as_str(), &hash, contact, &at],
    )?;
    if n == 0 {
        return Err(IdentityError::Invalid(format!(
            "user {name:?} already exists"
        )));
    }
    Ok(())
}

fn changed(n: u64, name: &str) -> Result<()> {
    if n == 0 {
        Err(IdentityError::Invalid(format!("no user {name:?}")))
    } else {
        Ok(())
    }
}

/// Sets a new password (and clears any lock).
pub fn set_password(conn: &mut Conn<'_>, name: &str, password: &str) -> Result<()> {
    let hash = hash_password(password)?;
    let n = conn.execute(
        "UPDATE app_user SET password = ?2, failures = 0, locked_until = 0 WHERE name = ?1",
        params![name, &hash],
    )?;
    changed(n, name)
}

/// Disables or re-enables a user; disabling ends every session of theirs.
pub fn set_disabled(conn: &mut Conn<'_>, name: &str, disabled: bool) -> Result<()> {
    let n = conn.execute(
        "UPDATE app_user SET disabled = ?2 WHERE name = ?1",
        params![name, disabled],
    )?;
    changed(n, name)?;
    if disabled {
        conn.execute("DELETE FROM app_session WHERE \"user\" = ?1", params![name])?;
    }
    Ok(())
}

/// Changes a user's role.
pub fn set_role(conn: &mut Conn<'_>, name: &str, role: Role) -> Result<()> {
    let n = conn.execute(
        "UPDATE app_user SET role = ?2 WHERE name = ?1",
        params![name, role.as_str()],
    )?;
    changed(n, name)
}

/// Lifts a lock-out.
pub fn unlock(conn: &mut Conn<'_>, name: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE app_user SET failures = 0, locked_until = 0 WHERE name = ?1",
        params![name],
    )?;
    changed(n, name)
}

/// Every user, by name.
pub fn list_users(conn: &mut Conn<'_>) -> Result<Vec<User>> {
    let rows = conn.query(
        &format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY name"),
        params![],
    )?;
    Ok(rows
        .iter()
        .map(|r| user_row(r).map(|(u, _)| u))
        .collect::<kingpin_sql::Result<_>>()?)
}

fn find(conn: &mut Conn<'_>, name: &str) -> Result<Option<(User, String)>> {
    let row = conn.query_opt(
        &format!("SELECT {USER_COLUMNS} FROM app_user WHERE name = ?1"),
        params![name],
    )?;
    Ok(row.as_ref().map(user_row).transpose()?)
}

/// One user by name.
pub fn user(conn: &mut Conn<'_>, name: &str) -> Result<Option<User>> {
    Ok(find(conn, name)?.map(|(u, _)| u))
}

/// A session just opened: the token is shown once and never stored.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NewSession {
    /// Bearer token (also set as an HttpOnly cookie).
    pub token: String,
    /// When it expires (epoch seconds).
    pub expires: i64,
    /// Who logged in.
    pub user: User,
}

fn token_hash(token: &str) -> String {
    let d = Sha256::digest(token.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a password and opens a session. Every failure counts towards the lock-out; the
/// password is checked even for unknown users, so timing does not tell which names exist.
pub fn login(
    conn: &mut Conn<'_>,
    name: &str,
    password: &str,
    policy: &Policy,
) -> Result<NewSession> {
    let found = find(conn, name)?;
    let t = now();
    let Some((user, hash)) = found else {
        // Same work as a real check.
        let _ = hash_password("not-a-real-password");
        return Err(IdentityError::BadCredentials);
    };
    if user.locked_until > t {
        return Err(IdentityError::Locked(user.locked_until - t));
    }
    let ok = PasswordHash::new(&hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false);
    if !ok {
        conn.execute(
            "UPDATE app_user SET failures = failures + 1,
               locked_until = CASE WHEN failures + 1 >= ?2 THEN ?3 ELSE locked_until END
             WHERE name = ?1",
            params![name, policy.max_failures, t + policy.lockout_secs],
        )?;
        return Err(IdentityError::BadCredentials);
    }
    if user.disabled {
        return Err(IdentityError::Disabled);
    }
    conn.execute(
        "UPDATE app_user SET failures = 0, locked_until = 0 WHERE name = ?1",
        params![name],
    )?;
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    let token: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let expires = t + policy.session_secs;
    conn.execute("DELETE FROM app_session WHERE expires <= ?1", params![t])?;
    conn.execute(
        "INSERT INTO app_session(token_hash, \"user\", created, expires) VALUES(?1, ?2, ?3, ?4)",
        params![&token_hash(&token), name, t, expires],
    )?;
    Ok(NewSession {
        token,
        expires,
        user,
    })
}

/// The user a live session token belongs to (`None`: unknown, expired, or user disabled).
pub fn session_user(conn: &mut Conn<'_>, token: &str) -> Result<Option<User>> {
    let row = conn.query_opt(
        "SELECT u.name, u.agency, u.role, u.contact, u.disabled, u.locked_until, u.password
         FROM app_session s JOIN app_user u ON u.name = s.\"user\"
         WHERE s.token_hash = ?1 AND s.expires > ?2",
        params![&token_hash(token), now()],
    )?;
    let found = row.as_ref().map(user_row).transpose()?;
    Ok(found.map(|(u, _)| u).filter(|u| !u.disabled))
}

/// Ends a session.
pub fn logout(conn: &mut Conn<'_>, token: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM app_session WHERE token_hash = ?1",
        params![&token_hash(token)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_lockout_and_sessions() {
        tables::each_backend(|c| {
            add_user(c, "ana", "NCA", Role::Analyst, "correct horse", "ana@nca").unwrap();
            assert!(add_user(c, "ana", "NCA", Role::Analyst, "correct horse", "").is_err());
            assert!(add_user(c, "bob", "NCA", Role::Analyst, "short", "").is_err());
            let policy = Policy {
                max_failures: 3,
                ..Policy::default()
            };
            let s = login(c, "ana", "correct horse", &policy).unwrap();
            assert_eq!(session_user(c, &s.token).unwrap().unwrap().name, "ana");
            assert!(session_user(c, "nope").unwrap().is_none());
            for _ in 0..3 {
                assert!(matches!(
                    login(c, "ana", "wrong", &policy),
                    Err(IdentityError::BadCredentials)
                ));
            }
            assert!(matches!(
                login(c, "ana", "correct horse", &policy),
                Err(IdentityError::Locked(_))
            ));
            unlock(c, "ana").unwrap();
            login(c, "ana", "correct horse", &policy).unwrap();
            set_disabled(c, "ana", true).unwrap();
            assert!(session_user(c, &s.token).unwrap().is_none());
            assert!(matches!(
                login(c, "ana", "correct horse", &policy),
                Err(IdentityError::Disabled)
            ));
            logout(c, &s.token).unwrap();
        });
    }

    #[test]
    fn expired_sessions_are_refused() {
        tables::each_backend(|c| {
            add_user(c, "ana", "NCA", Role::Analyst, "correct horse", "").unwrap();
            let policy = Policy {
                session_secs: -1,
                ..Policy::default()
            };
            let s = login(c, "ana", "correct horse", &policy).unwrap();
            assert!(session_user(c, &s.token).unwrap().is_none());
        });
    }
}
