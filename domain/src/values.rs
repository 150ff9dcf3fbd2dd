//! Values that are valid by construction: parse at the edge, trust them inside.

use crate::Error;

pub(crate) fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Whether a text field is one line (titles, names, search words) or may span several
/// (descriptions, reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// The rule every free text obeys, whatever its field: no control characters.
///
/// A NUL byte cannot be stored in PostgreSQL at all, and the other C0/C1 controls (escape
/// sequences, backspace, bell) only ever arrive to corrupt a screen, a CSV or a log. A
/// one-line field takes none of them. A many-line field keeps `\n` and `\t`, and a phone's
/// `\r\n` (or a lone `\r`) becomes `\n`, so one text is stored one way. The result is
/// trimmed.
pub fn clean_text(field: &'static str, raw: &str, lines: Lines) -> Result<String, Error> {
    let text = match lines {
        Lines::One => raw.to_owned(),
        Lines::Many => raw.replace("\r\n", "\n").replace('\r', "\n"),
    };
    let allowed = |c: char| lines == Lines::Many && (c == '\n' || c == '\t');
    if let Some(bad) = text.chars().find(|c| c.is_control() && !allowed(*c)) {
        let which = match lines {
            Lines::One => "control characters or line breaks",
            Lines::Many => "control characters other than line breaks and tabs",
        };
        return Err(Error::invalid(
            field,
            "control_characters",
            format!("{field} must not contain {which} (found U+{:04X})", u32::from(bad)),
        ));
    }
    Ok(text.trim().to_owned())
}

/// Characters that show nothing: zero-width spaces and joiners, the word joiner, the byte
/// order mark, and the bidirectional embeddings, overrides and isolates.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A title or a name must show something: one made only of spaces, zero-width characters
/// or direction marks would be a blank line on every list.
pub fn require_visible(field: &'static str, text: &str) -> Result<(), Error> {
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(Error::invalid(field, "invisible_only", format!("{field} must contain visible characters")));
    }
    Ok(())
}

/// One line of free text for `field`, within `min..=max` characters, that shows something:
/// the shared parse of titles and names.
pub fn visible_line(
    field: &'static str,
    raw: &str,
    (min, max): (usize, usize),
    length_code: &'static str,
    length_message: &str,
) -> Result<String, Error> {
    let s = clean_text(field, raw, Lines::One)?;
    if !(min..=max).contains(&char_len(&s)) {
        return Err(Error::invalid(field, length_code, length_message.to_owned()));
    }
    require_visible(field, &s)?;
    Ok(s)
}

/// Free text of `min..=max` characters (see `text_value!`): blank is `codes.0` when a
/// minimum is set, too long `codes.1`, and a non-blank text must show something.
pub fn bounded_text(
    field: &'static str,
    raw: &str,
    lines: Lines,
    (min, max): (usize, usize),
    (required_code, length_code): (&'static str, &'static str),
) -> Result<String, Error> {
    let s = clean_text(field, raw, lines)?;
    let n = char_len(&s);
    if n == 0 && min > 0 {
        return Err(Error::invalid(field, required_code, format!("{field} is required")));
    }
    if n > max || n < min {
        let bound = if min > 1 { format!("{min} to {max}") } else { format!("at most {max}") };
        return Err(Error::invalid(field, length_code, format!("{field} must be {bound} characters")));
    }
    if n > 0 {
        require_visible(field, &s)?;
    }
    Ok(s)
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

impl Username {
    /// The login name of an account opened without one: its phone number, and for the
    /// `n`th account on the same number (from 2) `-n` after it, so a couple sharing one
    /// landline each get an account. A phone's digits and dashes are a username's.
    pub fn from_phone(phone: &Phone, n: u32) -> Username {
        if n <= 1 {
            Username(phone.as_str().to_owned())
        } else {
            Username(format!("{}-{n}", phone.as_str()))
        }
    }
}

/// How a new resident's account is named: a username it chose, or, for someone who would
/// rather not invent one (孙桂兰 is a name, not a username), its phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountName {
    Chosen(Username),
    Phone(Phone),
}

impl AccountName {
    /// `username` blank or left out names the account by `phone`, which is then required.
    pub fn parse(username: Option<&str>, phone: Option<&Phone>) -> Result<Self, Error> {
        match (username.filter(|u| !u.trim().is_empty()), phone) {
            (Some(u), _) => Username::parse(u).map(AccountName::Chosen),
            (None, Some(p)) => Ok(AccountName::Phone(p.clone())),
            (None, None) => Err(Error::invalid(
                "phone",
                "phone_required",
                "give a phone number to sign in with, or choose a username",
            )),
        }
    }
    /// The name a password must not contain: the username, or the number.
    pub fn for_password(&self) -> Username {
        match self {
            AccountName::Chosen(u) => u.clone(),
            AccountName::Phone(p) => Username::from_phone(p, 1),
        }
    }
}

/// What a person types to sign in: its username, or the mobile number on its account.
/// Older residents remember their number, not a login name chosen once at a desk. Spaces
/// and dashes inside a mobile number are how people write it (`138 1234 1234`), so they
/// are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInName {
    /// Eleven digits; it names the accounts with this phone, and the one whose username it
    /// is (an account opened without a username is named by its number).
    Mobile(String),
    Username(Username),
}

impl SignInName {
    /// `None`: nothing an account could be named by.
    pub fn parse(raw: &str) -> Option<Self> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if is_mobile(&compact) {
            return Some(SignInName::Mobile(compact));
        }
        Username::parse(raw).ok().map(SignInName::Username)
    }
    /// The same text for every way of writing the same name.
    pub fn as_str(&self) -> &str {
        match self {
            SignInName::Mobile(m) => m,
            SignInName::Username(u) => u.as_str(),
        }
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
        Self::parse_as("display_name", raw)
    }
    /// The same rules for a person's name sent under another field (a demand filed on a
    /// resident's behalf names them in `author_name`).
    pub fn parse_as(field: &'static str, raw: &str) -> Result<Self, Error> {
        let code = if field == "display_name" { "display_name_length" } else { "name_length" };
        visible_line(field, raw, (1, 50), code, &format!("{field} must be 1 to 50 characters")).map(DisplayName)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A number a resident can be called back on in mainland China: a mobile (`13812341234`:
/// 11 digits, `1` then `3`–`9`) or a landline with its area code (`010-12345678`,
/// `0571-1234567`, the dash optional), optionally with an extension (`0371-12345678-801`).
/// Anything else is a typo an official would only find when dialling it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_mobile(s: &str) -> bool {
    digits(s, 11..=11) && s.starts_with('1') && matches!(s.as_bytes()[1], b'3'..=b'9')
}

/// `0` and a 2–3 digit area code, then a 7–8 digit number, with or without a dash
/// between them; then perhaps `-` and an extension of 1–6 digits.
fn is_landline(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let extension = match parts.as_slice() {
        [area, number, rest @ ..] if area.starts_with('0') && digits(area, 3..=4) && digits(number, 7..=8) => rest,
        [both, rest @ ..] if both.starts_with('0') && digits(both, 10..=12) => rest,
        _ => return false,
    };
    match extension {
        [] => true,
        [e] => digits(e, 1..=6),
        _ => false,
    }
}

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, Error> {
        Self::parse_as("phone", raw)
    }
    /// The same rules for a number sent under another field (the resident's, on a demand
    /// filed for them).
    pub fn parse_as(field: &'static str, raw: &str) -> Result<Self, Error> {
        let s = raw.trim();
        if !(is_mobile(s) || is_landline(s)) {
            return Err(Error::invalid(
                field,
                "phone_format",
                "phone must be a mobile number (11 digits starting 13 to 19) or a landline with its area code, \
                 such as 010-12345678 or 0571-1234567, optionally followed by -extension",
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
        visible_line("name", raw, (1, 100), "name_length", "name must be 1 to 100 characters").map(Name)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The words of a list's `q` filter: one line, at most 100 characters, no control
/// characters (a NUL in a query would reach the database). Blank means no filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText(String);

impl SearchText {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: Option<&str>) -> Result<Option<Self>, Error> {
        let Some(raw) = raw else { return Ok(None) };
        let s = clean_text("q", raw, Lines::One)?;
        if s.is_empty() {
            return Ok(None);
        }
        if char_len(&s) > Self::MAX_CHARS {
            return Err(Error::invalid("q", "q_length", "q must be at most 100 characters"));
        }
        Ok(Some(SearchText(s)))
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
    fn phones_are_mobiles_or_landlines_with_area_codes() {
        for good in [
            "13812341234",
            "19912345678",
            " 15037112345 ",
            "010-12345678",
            "0571-1234567",
            "0371-12345678",
            "037112345678",
            "0371-12345678-801",
            "010-12345678-1",
        ] {
            assert!(Phone::parse(good).is_ok(), "{good:?} should be accepted");
        }
        for bad in [
            "",
            "12345",
            "12812341234",
            "1381234123",
            "138123412345",
            "+8613812341234",
            "138-1234-1234",
            "12a45678",
            "010-123456",
            "010-123456789",
            "10-12345678",
            "01-12345678",
            "00371-12345678",
            "0371-12345678-",
            "0371-12345678-1234567",
            "0371-12345678-80-1",
            "0371 12345678",
            "-1234567",
            "１３８１２３４１２３４",
        ] {
            assert_eq!(code(Phone::parse(bad)), "phone_format", "{bad:?} should be refused");
        }
        assert_eq!(Phone::parse(" 010-12345678 ").expect("valid").as_str(), "010-12345678");
    }

    #[test]
    fn people_sign_in_with_a_username_or_a_mobile_number_however_written() {
        let mobile = |s: &str| SignInName::Mobile(s.to_owned());
        assert_eq!(SignInName::parse(" 138 1234 1234 "), Some(mobile("13812341234")));
        assert_eq!(SignInName::parse("138-1234-1234"), Some(mobile("13812341234")));
        assert_eq!(SignInName::parse("Zhang.Wei"), Some(SignInName::Username(user("zhang.wei"))));
        assert_eq!(SignInName::parse("010-12345678"), Some(SignInName::Username(user("010-12345678"))));
        for nothing in ["", "孙桂兰", "12812341234 x", "a"] {
            assert_eq!(SignInName::parse(nothing), None, "{nothing:?}");
        }
    }

    #[test]
    fn a_new_account_is_named_by_its_username_or_else_its_phone() {
        let phone = Phone::parse("13812341234").expect("valid");
        assert_eq!(AccountName::parse(Some(" Sun.GL "), None), Ok(AccountName::Chosen(user("sun.gl"))));
        assert_eq!(AccountName::parse(Some("  "), Some(&phone)), Ok(AccountName::Phone(phone.clone())));
        assert_eq!(AccountName::parse(None, Some(&phone)).expect("named").for_password().as_str(), "13812341234");
        assert_eq!(code(AccountName::parse(None, None)), "phone_required");
        assert_eq!(code(AccountName::parse(Some("孙桂兰"), Some(&phone))), "username_charset");
    }

    #[test]
    fn an_account_opened_without_a_username_is_named_by_its_phone() {
        let phone = Phone::parse("13812341234").expect("valid");
        assert_eq!(Username::from_phone(&phone, 1).as_str(), "13812341234");
        assert_eq!(Username::from_phone(&phone, 2).as_str(), "13812341234-2");
        let longest = Phone::parse("0371-12345678-123456").expect("valid");
        let name = Username::from_phone(&longest, 99);
        assert_eq!(Username::parse(name.as_str()).expect("a username's rules hold"), name);
    }

    #[test]
    fn names() {
        assert_eq!(Name::parse("  金祥花园 ").expect("valid").as_str(), "金祥花园");
        assert!(Name::parse("   ").is_err());
        assert!(DisplayName::parse(&"张".repeat(51)).is_err());
    }

    fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
        match r {
            Err(Error::Invalid { code, .. }) => code,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn control_characters_are_refused_everywhere() {
        for bad in ["张\u{0}伟", "\u{1b}[31m红", "a\u{7f}b", "x\u{85}y", "两\n行", "tab\there", "cr\rx"] {
            assert_eq!(code(Name::parse(bad)), "control_characters", "{bad:?}");
            assert_eq!(code(DisplayName::parse(bad)), "control_characters", "{bad:?}");
            assert_eq!(code(SearchText::parse(Some(bad))), "control_characters", "{bad:?}");
        }
        assert_eq!(code(clean_text("description", "a\u{0}b", Lines::Many)), "control_characters");
        assert_eq!(code(clean_text("description", "a\u{8}b", Lines::Many)), "control_characters");
        assert_eq!(
            clean_text("description", " 一\r\n二\r三\n\t四 ", Lines::Many).ok(),
            Some("一\n二\n三\n\t四".into())
        );
        let Err(Error::Invalid { field, .. }) = DisplayName::parse_as("author_name", "\u{0}") else {
            panic!("refused")
        };
        assert_eq!(field, "author_name");
    }

    #[test]
    fn names_must_show_something() {
        for blank in
            ["\u{200B}", "\u{200B}\u{200C}\u{200D}", "\u{FEFF}\u{2060}", "\u{202E}\u{202A}", "\u{2066} \u{2069}"]
        {
            assert_eq!(code(Name::parse(blank)), "invisible_only", "{blank:?}");
            assert_eq!(code(DisplayName::parse(blank)), "invisible_only", "{blank:?}");
        }
        assert!(Name::parse("金祥\u{200D}花园").is_ok(), "a joiner inside a visible name is fine");
        assert_eq!(code(Name::parse("  ")), "name_length");
    }

    #[test]
    fn search_text_is_optional_and_bounded() {
        assert_eq!(SearchText::parse(None), Ok(None));
        assert_eq!(SearchText::parse(Some("  ")), Ok(None));
        assert_eq!(SearchText::parse(Some(" 金祥 ")).ok().flatten().map(SearchText::into_inner), Some("金祥".into()));
        assert_eq!(code(SearchText::parse(Some(&"字".repeat(101)))), "q_length");
    }
}

/// A name as the public board shows it (SPEC §4.7): the first character, then `**`
/// (`张伟` → `张**`), so neighbours see that someone asked without seeing who. A name of one
/// character shows none of it (`王` → `**`): its first character would be all of it.
///
/// The masked form is never the name and never contains it. Only a name made of its first
/// character and asterisks (`张*`) could hide inside `张**`; such a name gets `＊＊`.
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    let mut chars = name.chars();
    let masked = match (chars.next(), chars.next()) {
        (Some(first), Some(_)) => format!("{first}**"),
        _ => "**".to_owned(),
    };
    if !name.is_empty() && masked.contains(name) {
        return "＊＊".to_owned();
    }
    masked
}

#[cfg(test)]
mod masking_tests {
    use proptest::prelude::*;

    use super::mask_name;

    #[test]
    fn names_keep_at_most_their_first_character() {
        assert_eq!(mask_name("张伟"), "张**");
        assert_eq!(mask_name("欧阳娜娜"), "欧**");
        assert_eq!(mask_name(" Li Na"), "L**");
        assert_eq!(mask_name("王"), "**");
        assert_eq!(mask_name(" 王 "), "**");
        assert_eq!(mask_name(""), "**");
        assert_eq!(mask_name("张*"), "＊＊");
        assert_eq!(mask_name("*"), "＊＊");
    }

    proptest! {
        /// Whatever the name, the public board never shows it whole.
        #[test]
        fn no_name_is_ever_shown_whole(name in "\\PC{1,12}|[*＊ 王张a]{1,4}") {
            let masked = mask_name(&name);
            prop_assert_ne!(&masked, &name);
            prop_assert!(!masked.contains(&name), "{masked:?} shows {name:?}");
            if !name.trim().is_empty() {
                prop_assert!(!masked.contains(name.trim()), "{masked:?} shows {name:?}");
            }
        }
    }
}
