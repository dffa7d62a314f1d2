//! What .cargo/config.toml promises about the binary it builds.

/// The ELF program header types of a 64-bit little-endian executable.
fn program_header_types(elf: &[u8]) -> Vec<u32> {
    assert_eq!(&elf[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(
        (elf[4], elf[5]),
        (2, 1),
        "not a 64-bit little-endian ELF file"
    );
    let u16_at = |at: usize| u16::from_le_bytes([elf[at], elf[at + 1]]) as usize;
    let phoff = u64::from_le_bytes(elf[0x20..0x28].try_into().unwrap()) as usize;
    let (entry_size, count) = (u16_at(0x36), u16_at(0x38));
    (0..count)
        .map(|i| {
            let at = phoff + i * entry_size;
            u32::from_le_bytes(elf[at..at + 4].try_into().unwrap())
        })
        .collect()
}

/// A dynamically linked oauthctl spends most of a one-token process in the dynamic loader
/// (benches/tokens.sh): the build links it statically, so it has no program interpreter.
#[test]
fn the_binary_is_statically_linked_without_a_program_interpreter() {
    const PT_INTERP: u32 = 3;
    const PT_LOAD: u32 = 1;
    let elf = std::fs::read(env!("CARGO_BIN_EXE_oauthctl")).unwrap();
    let types = program_header_types(&elf);
    assert!(types.contains(&PT_LOAD), "no loadable segment: {types:?}");
    assert!(
        !types.contains(&PT_INTERP),
        "the binary names a program interpreter (it is dynamically linked): is \
         .cargo/config.toml's crt-static setting still applied? {types:?}"
    );
}
