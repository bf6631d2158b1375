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

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_well() {
        assert_eq!(super::bytes(1 << 20), "1 MiB");
        assert_eq!(super::bytes(64 << 20), "64 MiB");
        assert_eq!(super::bytes(512 << 10), "512 KiB");
        assert_eq!(super::bytes(1500), "1500 bytes");
    }
}
