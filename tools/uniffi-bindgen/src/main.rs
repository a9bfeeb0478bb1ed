//! `cargo run -p uniffi-bindgen -- generate target/debug/libonshi_uniffi.so -l kotlin -o OUT`
//! (kept in its own crate so the shipped library never links the generator).

fn main() {
    uniffi::uniffi_bindgen_main()
}
