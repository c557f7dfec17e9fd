//! Byte searches the validator runs on every string of a workflow, a word (eight bytes) at a time.
//!
//! A large workflow holds megabytes of scripts, and almost none of it contains `${{`; these answer
//! "is there an expression here" without the setup cost of a general substring search.

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The offset of the first `needle` byte in `haystack`.
pub(crate) fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    let pattern = ONES * u64::from(needle);
    // The bytes equal to `needle` in eight bytes read little-endian: the high bit of each is set. Bytes
    // after the first match may be flagged wrongly (a borrow carries), the first never is, so the
    // lowest flagged byte is the first match.
    let matches = |at: usize| {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&haystack[at..at + 8]);
        let x = u64::from_le_bytes(bytes) ^ pattern;
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let first = |at: usize, flags: u64| at + (flags.trailing_zeros() / 8) as usize;
    let len = haystack.len();
    if len < 8 {
        return haystack.iter().position(|&b| b == needle);
    }
    let mut at = 0;
    while at + 8 <= len {
        let flags = matches(at);
        if flags != 0 {
            return Some(first(at, flags));
        }
        at += 8;
    }
    // The last bytes, read as a word that overlaps bytes already searched (which hold no match).
    if at < len {
        let flags = matches(len - 8);
        if flags != 0 {
            return Some(first(len - 8, flags));
        }
    }
    None
}

/// The offset of the first `${{` in `text`.
pub(crate) fn find_open(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = find_byte(&bytes[from..], b'$') {
        let i = from + at;
        if bytes.get(i + 1..i + 3) == Some(b"{{") {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Whether `text` holds a `${{`.
pub(crate) fn has_expression(text: &str) -> bool {
    find_open(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_the_first_match_at_every_offset_and_length() {
        for len in 0..40 {
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b'$';
                if at + 3 < len {
                    bytes[at + 3] = b'$';
                }
                assert_eq!(find_byte(&bytes, b'$'), Some(at), "len {len} at {at}");
            }
            assert_eq!(find_byte(&vec![b'a'; len], b'$'), None);
        }
    }

    #[test]
    fn high_bytes_are_not_matches() {
        let text = "é€ü".repeat(5);
        assert_eq!(find_byte(text.as_bytes(), b'$'), None);
        assert_eq!(find_byte(&[0x80, 0xa4, 0x24, 0xff], 0x24), Some(2));
        assert_eq!(find_byte(&[0xa4; 16], 0x24), None);
    }

    #[test]
    fn expressions_are_found_after_lone_dollars() {
        assert_eq!(find_open("echo $HOME ${x} $${{ a }}"), Some(17));
        assert_eq!(find_open("${"), None);
        assert_eq!(find_open("$${{"), Some(1));
        assert!(!has_expression("cost: $5 {{ not }}"));
        assert!(has_expression("x${{ y }}"));
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_search(text in "[a-z${} é]{0,64}") {
            prop_assert_eq!(find_open(&text), text.find("${{"));
            prop_assert_eq!(find_byte(text.as_bytes(), b'$'), text.find('$'));
        }
    }
}
