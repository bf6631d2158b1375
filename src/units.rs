//! Quantities as people read them in messages: one wording for sizes everywhere.

/// A byte count: "1 MiB", "512 KiB" when exact, else "1500 bytes".
pub fn bytes(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// A size as people write it: `1MiB`, `512KiB`, `64kb`, `1.5 MiB`, `1048576`. Units are
/// binary whatever their spelling (`1MB` = 1 MiB, as in ocw's messages).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let n = parse_size::Config::new()
        .with_binary()
        .parse_size(s.trim())
        .map_err(|e| format!("invalid size {s:?}: {e} (expected e.g. 1MiB, 512KiB, 65536)"))?;
    usize::try_from(n).map_err(|_| format!("size {s:?} is too large"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_well() {
        assert_eq!(super::bytes(1 << 20), "1 MiB");
        assert_eq!(super::bytes(64 << 20), "64 MiB");
        assert_eq!(super::bytes(512 << 10), "512 KiB");
        assert_eq!(super::parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(super::parse_size("64kb"), Ok(64 << 10));
        assert_eq!(super::parse_size(" 100 "), Ok(100));
        assert!(super::parse_size("1 parsec").is_err());
        assert!(super::parse_size("99999999EiB").is_err());
        assert_eq!(super::bytes(1500), "1500 bytes");
    }
}
