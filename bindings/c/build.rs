//! Gives the shared library its soname, `libonshi.so.MAJOR`: a program linked against onshi 0.x
//! loads any later 0.x library and refuses a 1.x one, whose C ABI may differ (README, "Versions and
//! compatibility"; `bindings/c/abi.txt` holds the declarations one major version keeps).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".to_owned());
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libonshi.so.{major}");
    }
}
