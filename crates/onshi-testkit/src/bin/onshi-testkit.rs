//! Writes generated JPKI-profile certificates to files, for scripts that test the command line and
//! the PC/SC path: `onshi-testkit write-certs DIR [NOT_AFTER]` writes `root.pem` (the generated
//! user-authentication root) and `card.der` (a card certificate under it, default notAfter
//! 2030-02-17T14:59:59Z).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, dir, rest @ ..] if cmd == "write-certs" && rest.len() <= 1 => {
            let dir = PathBuf::from(dir);
            let not_after = rest.first().map_or("2030-02-17T14:59:59Z", String::as_str);
            let root = onshi_testkit::user_auth_root();
            let written = std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(dir.join("root.pem"), root.pem()))
                .and_then(|()| std::fs::write(dir.join("root.der"), root.der()))
                .and_then(|()| {
                    std::fs::write(dir.join("card.der"), onshi_testkit::leaf(not_after))
                });
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write to {}: {e}", dir.display());
                    ExitCode::from(2)
                }
            }
        }
        _ => {
            eprintln!("usage: onshi-testkit write-certs DIR [NOT_AFTER_RFC3339]");
            ExitCode::from(2)
        }
    }
}
