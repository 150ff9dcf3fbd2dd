//! Values that are valid by construction: parse at the edge, trust them inside.

use crate::Error;

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// A login name: 3–32 of `a-z 0-9 _ . -`, starting with a letter or digit, case-folded so
/// `Zhang` and `zhang` cannot be two accounts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = raw.trim().to_ascii_lowercase();
        let len = s.chars().count();
        if !(3..=32).contains(&len) {
            return Err(Error::invalid("username", "username_length", "username must be 3 to 32 characters"));
        }
        let ok_chars = s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c));
        let ok_start = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if !ok_chars || !ok_start {
            return Err(Error::invalid(
                "username",
                "username_charset",
                "username may use only letters, digits, '_', '.' and '-', and must start with a letter or digit",
            ));
        }
        Ok(Username(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that passes the policy. The plain text never outlives the hashing call.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Passwords that length alone would let through but every guesser tries first.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "0123456789",
    "1111111111",
    "qwertyuiop",
    "password123",
    "password1234",
    "passw0rd123",
    "abcdefghij",
    "abc1234567",
    "iloveyou123",
    "woaini1314",
    "a123456789",
    "qwerty1234",
    "1q2w3e4r5t",
    "zxcvbnm123",
    "admin12345",
    "administrator",
];

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    /// The policy: 10–128 characters, at least 5 different characters, not a well-known
    /// password, and not containing the username. Length beats composition rules (NIST
    /// SP 800-63B), so there is no "one digit, one capital" rule.
    pub fn parse(raw: &str, username: &Username) -> Result<Self, Error> {
        let len = char_len(raw);
        if len < Self::MIN_CHARS {
            return Err(Error::invalid(
                "password",
                "password_too_short",
                format!("password must be at least {} characters", Self::MIN_CHARS),
            ));
        }
        if len > Self::MAX_CHARS {
            return Err(Error::invalid(
                "password",
                "password_too_long",
                format!("password must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        let mut distinct: Vec<char> = raw.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 5 {
            return Err(Error::invalid(
                "password",
                "password_too_simple",
                "password must use at least 5 different characters",
            ));
        }
        let lower = raw.to_lowercase();
        if COMMON_PASSWORDS.contains(&lower.as_str()) {
            return Err(Error::invalid("password", "password_common", "password is too common"));
        }
        if lower.contains(username.as_str()) {
            return Err(Error::invalid(
                "password",
                "password_contains_username",
                "password must not contain the username",
            ));
        }
        Ok(Password(raw.to_owned()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A person's name as shown to others: 1–50 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = raw.trim();
        if !(1..=50).contains(&char_len(s)) {
            return Err(Error::invalid(
                "display_name",
                "display_name_length",
                "display name must be 1 to 50 characters",
            ));
        }
        Ok(DisplayName(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A phone number: digits with an optional leading `+` and `-` separators, 5–20 long
/// (mobile `13812341234`, landline `0371-12345678`, hotline `12345`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = raw.trim();
        let body = s.strip_prefix('+').unwrap_or(s);
        let digits = body.chars().filter(char::is_ascii_digit).count();
        let ok = !body.is_empty()
            && body.chars().all(|c| c.is_ascii_digit() || c == '-')
            && (5..=20).contains(&char_len(s))
            && digits >= 5
            && !body.starts_with('-')
            && !body.ends_with('-');
        if !ok {
            return Err(Error::invalid(
                "phone",
                "phone_format",
                "phone must be 5 to 20 digits, optionally with '+' and '-'",
            ));
        }
        Ok(Phone(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The name of an org unit or organisation: 1–100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = raw.trim();
        if !(1..=100).contains(&char_len(s)) {
            return Err(Error::invalid("name", "name_length", "name must be 1 to 100 characters"));
        }
        Ok(Name(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(s: &str) -> Username {
        Username::parse(s).expect("valid username")
    }

    #[test]
    fn usernames_are_case_folded_and_bounded() {
        assert_eq!(user(" Zhang.Wei ").as_str(), "zhang.wei");
        for bad in ["ab", "_lead", "has space", "张伟伟", &"x".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn password_policy_gives_the_reason() {
        let u = user("zhangwei");
        let code = |p: &str| match Password::parse(p, &u) {
            Err(Error::Invalid { code, .. }) => code,
            other => panic!("{p:?} should be refused, got {other:?}"),
        };
        assert_eq!(code("short1"), "password_too_short");
        assert_eq!(code(&"a".repeat(129)), "password_too_long");
        assert_eq!(code("abababababab"), "password_too_simple");
        assert_eq!(code("Password123"), "password_common");
        assert_eq!(code("my-zhangwei-pw"), "password_contains_username");
        assert!(Password::parse("gongzhi-demo", &u).is_ok());
        assert!(Password::parse("长城长城长城不倒翁啊", &u).is_ok(), "counts characters, not bytes");
    }

    #[test]
    fn phones_and_names() {
        assert!(Phone::parse("13812341234").is_ok());
        assert!(Phone::parse("0371-12345678").is_ok());
        assert!(Phone::parse("+8613812341234").is_ok());
        for bad in ["", "12a45678", "-1234567", "123"] {
            assert!(Phone::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Name::parse("  金祥花园 ").expect("valid").as_str(), "金祥花园");
        assert!(Name::parse("   ").is_err());
        assert!(DisplayName::parse(&"张".repeat(51)).is_err());
    }
}

/// A name as the public board shows it (SPEC §4.7): the first character, then `**`
/// (`张伟` → `张**`), so neighbours see that someone asked without seeing who.
pub fn mask_name(name: &str) -> String {
    match name.trim().chars().next() {
        Some(first) => format!("{first}**"),
        None => "**".to_owned(),
    }
}

#[cfg(test)]
mod masking_tests {
    use super::mask_name;

    #[test]
    fn names_keep_only_their_first_character() {
        assert_eq!(mask_name("张伟"), "张**");
        assert_eq!(mask_name("欧阳娜娜"), "欧**");
        assert_eq!(mask_name(" Li Na"), "L**");
        assert_eq!(mask_name(""), "**");
    }
}
