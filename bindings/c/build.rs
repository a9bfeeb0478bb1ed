//! Gives the shared library its soname, `libonshi.so.ABI`, where ABI is the version's compatibility
//! number as Cargo reads it: the major from 1.0 on, `0.MINOR` before (a program linked against onshi
//! 0.2.x loads any later 0.2.x library and refuses 0.3 or 1.x, whose C ABI may differ; README,
//! "Versions and compatibility"; `bindings/c/abi.txt` holds the declarations one ABI keeps).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let part = |name: &str| std::env::var(name).unwrap_or_else(|_| "0".to_owned());
        let major = part("CARGO_PKG_VERSION_MAJOR");
        let abi = if major == "0" {
            format!("0.{}", part("CARGO_PKG_VERSION_MINOR"))
        } else {
            major
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libonshi.so.{abi}");
    }
}
